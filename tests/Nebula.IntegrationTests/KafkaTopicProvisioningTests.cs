using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Nebula.Kafka.Topics;

namespace Nebula.IntegrationTests;

/// <summary>
/// <see cref="Microsoft.Extensions.Hosting.KafkaHostingExtensions.AddKafkaTopics"/> against a real broker process. The
/// embedded broker cannot create topics, so this checks the paths it can serve: topics found and left alone (and
/// reported), and a broker that does not answer (nothing ready, unhealthy, the host still running). Creating a missing
/// topic is the planner's decision, tested without I/O in TopicPlannerTests.
/// </summary>
public sealed class KafkaTopicProvisioningTests(EmbeddedAppHostFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Existing_topics_are_found_left_alone_and_reported_and_the_service_becomes_ready()
    {
        var logs = new FakeLogCollector();
        using var host = await StartAsync(await fixture.ConnectionStringAsync("kafka"), logs, "--Nebula:Topics:Partitions=3");
        var topics = host.Services.GetRequiredService<KafkaTopics>();

        await topics.WhenReadyAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);

        var messages = logs.GetSnapshot().Select(r => r.Message).ToList();
        Assert.Contains(messages, m => m.Contains("Topic 'interactions' found with 8 partitions where 3 are configured; left as it is", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.StartsWith("Created topic", StringComparison.Ordinal));
        Assert.Equal(HealthStatus.Healthy, (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task While_the_broker_does_not_answer_the_topics_are_not_ready_and_the_service_is_unhealthy_but_running()
    {
        var logs = new FakeLogCollector();
        using var host = await StartAsync($"127.0.0.1:{LoopbackPort.Free()}", logs, "--Nebula:Topics:RequestTimeout=00:00:01");
        var topics = host.Services.GetRequiredService<KafkaTopics>();

        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

        Assert.False(topics.IsReady);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["Kafka.Topics"].Status);
        Assert.Contains(logs.GetSnapshot(), r => r.Message.StartsWith("Topic check attempt 1 failed", StringComparison.Ordinal));
    }

    private static async Task<IHost> StartAsync(string bootstrapServers, FakeLogCollector logs, params string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = bootstrapServers });
        builder.Logging.ClearProviders().AddProvider(new FakeLoggerProvider(logs));
        builder.AddKafkaTopics("kafka", "interactions", "interactions.dlq");
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }
}
