using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Nebula.Core.Contracts;

namespace Nebula.IntegrationTests;

/// <summary>
/// The embedded broker keeps at most 5 MiB per partition and drops the oldest events silently. A worker that was
/// stopped while more than that arrived finds the events it had not read gone: it must say so (an error log, the
/// <c>nebula.worker.events.lost</c> metric and a Degraded health naming the offsets) and carry on with what is left.
/// The loss is real: the broker drops the events, nothing is faked.
/// </summary>
public sealed class EmbeddedBrokerLossTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-loss-").FullName;
    private readonly string _group = $"loss-test-{Guid.NewGuid():N}";
    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync() => _driver = await PipelineDriver.CreateAsync(fixture);

    public async ValueTask DisposeAsync()
    {
        await _driver.DisposeAsync();
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task Events_the_broker_dropped_before_a_stopped_worker_read_them_are_reported_and_the_rest_applied()
    {
        var item = (await _driver.CatalogItemsAsync(1))[0];
        var (before, after) = (PipelineDriver.NewUser("before-loss"), PipelineDriver.NewUser("after-loss"));
        var partition = new TopicPartition(EmbeddedAppHostFixture.LossTopic, 0);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = await fixture.ConnectionStringAsync("kafka") }).Build();

        await using (var first = await StartWorkerAsync())
        {
            await ProduceEventAsync(producer, before, item);
            await _driver.WaitForProfileAsync(before, 1, Patience);
        }

        // 6 MiB the stopped worker has not read: more than the broker keeps, so it drops the oldest.
        var filler = new string('x', 100 * 1024);
        for (var i = 0; i < 60; i++)
        {
            await producer.ProduceAsync(partition, new Message<string, string> { Key = "filler", Value = filler }, TestContext.Current.CancellationToken);
        }

        await ProduceEventAsync(producer, after, item);
        var logStart = await QueryLogStartAsync(partition);
        Assert.True(logStart > 1, $"The broker kept every event (log start {logStart}); nothing was lost to test.");

        await using var second = await StartWorkerAsync();
        await _driver.WaitForProfileAsync(after, 1, Patience);
        var health = await second.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains($"events 1 to {logStart - 1} were not applied and the broker no longer has them", health.Entries["StreamWorker.DataLoss"].Description, StringComparison.Ordinal);
    }

    private async Task<long> QueryLogStartAsync(TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = await fixture.ConnectionStringAsync("kafka"), GroupId = $"{_group}-reader" }).Build();
        return consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5)).Low.Value;
    }

    private static async Task ProduceEventAsync(IProducer<string, string> producer, string user, string item)
    {
        var interaction = new InteractionEvent(Guid.CreateVersion7(), user, item, "click", DateTimeOffset.UtcNow);
        await producer.ProduceAsync(
            new TopicPartition(EmbeddedAppHostFixture.LossTopic, 0),
            new Message<string, string> { Key = user, Value = InteractionEventSerializer.Serialize(interaction) },
            TestContext.Current.CancellationToken);
    }

    // The filler is dead-lettered; it goes to a topic of its own, not to the one other tests read.
    private async Task<StartedWorker> StartWorkerAsync() => new(await InProcessServices.StartWorkerOnTopicAsync(
        fixture, _contentRoot, EmbeddedAppHostFixture.LossTopic, EmbeddedAppHostFixture.LossDeadLetterTopic, _group));

    private sealed class StartedWorker(IHost host) : IAsyncDisposable
    {
        public IHost Host => host;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
