using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nebula.IntegrationTests;

public class EmbeddedInfrastructureTests(EmbeddedAppHostFixture fixture)
{
    [Theory]
    [MemberData(nameof(Resources))]
    public void Resource_is_running_and_healthy(string name)
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(name, out var resource));
        Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
        Assert.Equal(HealthStatus.Healthy, resource.Snapshot.HealthStatus);
    }

    public static TheoryData<string> Resources() => [.. EmbeddedAppHostFixture.ResourceNames];

    [Fact]
    public async Task Kafka_connection_string_is_a_loopback_bootstrap_address()
    {
        var bootstrap = await fixture.ConnectionStringAsync("kafka");

        Assert.Matches(@"^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+)*$", bootstrap);
    }

    [Theory]
    [InlineData("api", "/health")]
    [InlineData("api", "/alive")]
    [InlineData("streamworker", "/health")]
    [InlineData("ui", "/health")]
    public async Task Service_answers_its_health_endpoint(string service, string path)
    {
        using var client = fixture.App.CreateHttpClient(service, "http");

        var body = await client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("Healthy", body);
    }
}
