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
    public void Redpanda_advertises_the_clusters_service_name_for_both_listeners()
    {
        var arguments = Arguments(Resources["kafka"]);

        Assert.Contains("--advertise-kafka-addr=internal://kafka:29092,external://kafka:9092", arguments);
    }

    [Fact]
    public void Every_container_argument_is_a_literal_string_with_no_expression_left_to_resolve()
    {
        // Deployment tools resolve {…} expressions in env and connection strings, not inside argument arrays, and
        // write a lone number unquoted (so a Kubernetes schema rejects it as an integer).
        var arguments = Resources.Values.Where(r => r.TryGetProperty("args", out _)).SelectMany(r => r.GetProperty("args").EnumerateArray()).ToList();

        Assert.NotEmpty(arguments);
        Assert.All(arguments, a => Assert.Equal(JsonValueKind.String, a.ValueKind));
        Assert.All(arguments, a => Assert.DoesNotContain("{", a.GetString()!, StringComparison.Ordinal));
        Assert.All(arguments, a => Assert.False(double.TryParse(a.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), $"'{a}' would be written as a number"));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("ui")]
    [InlineData("streamworker")]
    public void A_published_service_listens_on_one_plain_http_port_with_no_fixed_host_port(string name)
    {
        var bindings = Resources[name].GetProperty("bindings").EnumerateObject().ToList();

        var http = Assert.Single(bindings);
        Assert.Equal("http", http.Name);
        Assert.Equal(8080, http.Value.GetProperty("targetPort").GetInt32());
        Assert.False(http.Value.TryGetProperty("port", out _), "a fixed host port belongs to run mode");
        Assert.Equal($"{{{name}.bindings.http.targetPort}}", Resources[name].GetProperty("env").GetProperty("HTTP_PORTS").GetString());
    }

    [Fact]
    public void The_ui_is_given_the_api_by_its_binding_so_the_address_and_the_service_port_agree()
    {
        var environment = Resources["ui"].GetProperty("env");

        Assert.Equal("{api.bindings.http.url}", environment.GetProperty("services__api__http__0").GetString());
        Assert.False(environment.TryGetProperty("services__api__https__0", out _));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("streamworker")]
    public void A_service_that_creates_the_topics_is_given_their_partition_count(string name)
    {
        Assert.Equal("8", Resources[name].GetProperty("env").GetProperty("Nebula__Topics__Partitions").GetString());
    }

    [Fact]
    public void The_embedder_is_a_batch_job_that_serves_nothing()
    {
        Assert.False(Resources["embedder"].TryGetProperty("bindings", out _));
    }

    [Theory]
    [InlineData("kafka", "nebula-kafka-data", "/var/lib/redpanda/data")]
    [InlineData("redis", "nebula-redis-data", "/data")]
    [InlineData("milvus", "nebula-milvus-data", "/var/lib/milvus")]
    public void Stateful_infrastructure_keeps_its_data_in_a_volume_whose_name_does_not_depend_on_the_checkout(string name, string volume, string target)
    {
        var mount = Assert.Single(Resources[name].GetProperty("volumes").EnumerateArray());

        Assert.Equal(volume, mount.GetProperty("name").GetString());
        Assert.Equal(target, mount.GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("redis-password")]
    [InlineData("milvus-root-password")]
    [InlineData("milvus-reader-password")]
    [InlineData("milvus-editor-password")]
    public void Passwords_are_generated_secret_parameters(string name)
    {
        var input = Resources[name].GetProperty("inputs").GetProperty("value");

        Assert.Equal("parameter.v0", Type(Resources[name]));
        Assert.True(input.GetProperty("secret").GetBoolean());
        Assert.True(input.GetProperty("default").TryGetProperty("generate", out _));
    }

    [Fact]
    public void A_password_reaches_a_container_only_through_its_parameter()
    {
        Assert.Equal("{redis-password.value}", Resources["redis"].GetProperty("env").GetProperty("REDIS_PASSWORD").GetString());
        Assert.Equal("{milvus-root-password.value}", Resources["milvus"].GetProperty("env").GetProperty("COMMON_SECURITY_DEFAULTROOTPASSWORD").GetString());
    }

    [Fact]
    public void The_api_and_the_ui_take_their_keys_only_from_secret_parameters()
    {
        var api = Resources["api"].GetProperty("env");
        var ui = Resources["ui"].GetProperty("env");

        Assert.Equal("{api-key-admin.value}", api.GetProperty("Nebula__Api__Access__Keys__admin__Secret").GetString());
        Assert.Equal("admin", api.GetProperty("Nebula__Api__Access__Keys__admin__Roles").GetString());
        Assert.Equal("{api-key-ui.value}", api.GetProperty("Nebula__Api__Access__Keys__ui__Secret").GetString());
        Assert.Equal("read,ingest", api.GetProperty("Nebula__Api__Access__Keys__ui__Roles").GetString());
        Assert.Equal("{shopper-token-key.value}", api.GetProperty("Nebula__Api__Access__ShopperTokenKey").GetString());
        Assert.Equal("{api-key-ui.value}", ui.GetProperty("Nebula__Ui__ApiKey").GetString());
        Assert.All(["api-key-admin", "api-key-ui", "shopper-token-key"], name =>
            Assert.True(Resources[name].GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean(), name));
    }

    [Theory]
    [InlineData("api", "milvus-editor", "nebula_editor")]
    [InlineData("streamworker", "milvus-reader", "nebula_reader")]
    public void A_service_signs_in_to_milvus_as_its_own_user(string name, string user, string userName)
    {
        Assert.Equal($"{{{user}.connectionString}}", Resources[name].GetProperty("env").GetProperty("ConnectionStrings__milvus").GetString());
        Assert.Equal(
            $"Endpoint={{milvus.bindings.http.url}};Key={userName}:{{{user}-password.value}}",
            Resources[user].GetProperty("connectionString").GetString());
    }

    [Fact]
    public void The_embedder_signs_in_as_root_and_is_given_the_service_users_passwords_to_create_them()
    {
        var embedder = Resources["embedder"].GetProperty("env");

        Assert.Equal("{milvus.connectionString}", embedder.GetProperty("ConnectionStrings__milvus").GetString());
        Assert.Equal("{milvus-reader-password.value}", embedder.GetProperty("Nebula__Embedder__Reader__Password").GetString());
        Assert.Equal("{milvus-editor-password.value}", embedder.GetProperty("Nebula__Embedder__Editor__Password").GetString());
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

    private static List<string> Arguments(JsonElement resource) => [.. resource.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)];
}
