using System.Text.Json;

namespace Nebula.IntegrationTests;

/// <summary>Published with <c>--infra external</c>, the infrastructure is three secret connection-string parameters and nothing to run.</summary>
public sealed class ExternalManifestPublishingTests(PublishedExternalManifest manifest) : IClassFixture<PublishedExternalManifest>
{
    [Theory]
    [InlineData("kafka")]
    [InlineData("redis")]
    [InlineData("milvus")]
    public void Infrastructure_is_a_secret_connection_string_parameter(string name)
    {
        var resource = manifest.Resources[name];

        Assert.Equal("parameter.v0", resource.GetProperty("type").GetString());
        Assert.Equal($"{{{name}.value}}", resource.GetProperty("connectionString").GetString());
        Assert.True(resource.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
    }

    [Fact]
    public void Nothing_is_deployed_for_the_infrastructure()
    {
        Assert.DoesNotContain(manifest.Resources.Values, r => r.GetProperty("type").GetString()!.StartsWith("container.", StringComparison.Ordinal));
    }

    [Fact]
    public void Services_get_the_given_connection_strings()
    {
        var environment = manifest.Resources["streamworker"].GetProperty("env");

        Assert.Equal("{kafka.connectionString}", environment.GetProperty("ConnectionStrings__kafka").GetString());
        Assert.Equal("{redis.connectionString}", environment.GetProperty("ConnectionStrings__redis").GetString());
        Assert.Equal("{milvus.connectionString}", environment.GetProperty("ConnectionStrings__milvus").GetString());
    }

    [Fact]
    public void Publishing_writes_nothing_to_standard_error()
    {
        Assert.Equal("", manifest.StandardError);
        Assert.Equal(JsonValueKind.Object, manifest.Resources["api"].ValueKind);
    }
}
