using System.Text.Json;

namespace Nebula.IntegrationTests;

/// <summary>The published manifest describes only what aspirate understands, and describes it fully.</summary>
public sealed class ManifestPublishingTests(PublishedManifest manifest) : IClassFixture<PublishedManifest>
{
    private static readonly string[] DeployableTypes = ["container.v0", "container.v1", "project.v0", "project.v1", "parameter.v0", "value.v0"];

    private Dictionary<string, JsonElement> Resources => manifest.Resources;

    [Fact]
    public void Publishing_writes_nothing_to_standard_error()
    {
        // aspirate gives up on a manifest whose generation wrote to stderr.
        Assert.Equal("", manifest.StandardError);
    }

    [Fact]
    public void Only_deployable_resource_types_are_written()
    {
        Assert.All(Resources, r => Assert.Contains(Type(r.Value), DeployableTypes));
    }

    [Theory]
    [InlineData("kafka", "docker.redpanda.com/redpandadata/redpanda:")]
    [InlineData("redis", "docker.io/library/redis:")]
    [InlineData("milvus", "docker.io/milvusdb/milvus:v2.5.")]
    public void Infrastructure_is_a_container_with_a_pinned_image(string name, string imagePrefix)
    {
        var resource = Resources[name];

        Assert.StartsWith("container.", Type(resource), StringComparison.Ordinal);
        var image = resource.GetProperty("image").GetString()!;
        Assert.StartsWith(imagePrefix, image, StringComparison.Ordinal);
        Assert.DoesNotContain(":latest", image, StringComparison.Ordinal);
        Assert.NotEmpty(resource.GetProperty("connectionString").GetString()!);
    }

    [Theory]
    [InlineData("kafka", "kafka", 9092)]
    [InlineData("kafka", "internal", 29092)]
    [InlineData("kafka", "admin", 9644)]
    [InlineData("redis", "tcp", 6379)]
    [InlineData("milvus", "http", 19530)]
    [InlineData("milvus", "metrics", 9091)]
    public void Container_exposes_its_ports(string name, string binding, int targetPort)
    {
        var bindings = Resources[name].GetProperty("bindings");

        Assert.Equal(targetPort, bindings.GetProperty(binding).GetProperty("targetPort").GetInt32());
    }

    [Fact]
    public void Milvus_environment_and_arguments_are_in_the_manifest()
    {
        var milvus = Resources["milvus"];

        var environment = milvus.GetProperty("env");
        Assert.Equal("true", environment.GetProperty("ETCD_USE_EMBED").GetString());
        Assert.Equal("{milvus-root-password.value}", environment.GetProperty("COMMON_SECURITY_DEFAULTROOTPASSWORD").GetString());
        Assert.Equal(["milvus", "run", "standalone"], milvus.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("parameter.v0", Type(Resources["milvus-root-password"]));
    }

    [Fact]
    public void Redpanda_advertises_both_listeners_by_binding()
    {
        var arguments = Resources["kafka"].GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();

        Assert.Equal(
            "internal://{kafka.bindings.internal.host}:{kafka.bindings.internal.port},external://{kafka.bindings.kafka.host}:{kafka.bindings.kafka.port}",
            arguments[arguments.IndexOf("--advertise-kafka-addr") + 1]);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("streamworker")]
    [InlineData("embedder")]
    [InlineData("ui")]
    public void Service_is_a_project(string name)
    {
        Assert.StartsWith("project.", Type(Resources[name]), StringComparison.Ordinal);
    }

    [Fact]
    public void Services_get_only_connection_strings_for_their_infrastructure()
    {
        var environment = Resources["api"].GetProperty("env").EnumerateObject().Select(e => e.Name).ToList();

        Assert.Contains("ConnectionStrings__kafka", environment);
        Assert.Contains("ConnectionStrings__redis", environment);
        Assert.Contains("ConnectionStrings__milvus", environment);
        Assert.DoesNotContain("REDIS_URI", environment);
    }

    private static string Type(JsonElement resource) => resource.GetProperty("type").GetString()!;
}
