using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Nebula.Core.Contracts;
using Nebula.StreamWorker;

namespace Nebula.IntegrationTests;

/// <summary>
/// A Milvus that stops answering (connections accepted, never answered: a TCP relay in front of the AppHost's vector
/// service, held closed) does not hold the worker's consume thread for its client's minute-long timeouts: each attempt
/// is cut at the worker's attempt timeout and retried as an outage, so the consumer is polled again in time for its
/// group, and the event is applied once Milvus answers.
/// </summary>
public sealed class WorkerHungMilvusTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private const string Topic = EmbeddedAppHostFixture.HangTopic;
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-hang-").FullName;
    private TcpRelay _relay = null!;
    private IHost _worker = null!;
    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync()
    {
        (_relay, var milvus) = TcpRelay.InFrontOfMilvus(await fixture.ConnectionStringAsync("milvus"), hangWhileClosed: true);
        _worker = await InProcessServices.StartWorkerAsync(_contentRoot, await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["ConnectionStrings:milvus"] = milvus,
            ["Nebula:StreamWorker:Topic"] = Topic,
            ["Nebula:StreamWorker:DeadLetterTopic"] = EmbeddedAppHostFixture.HangDeadLetterTopic,
            ["Nebula:StreamWorker:AttemptTimeout"] = "00:00:01",
            ["Nebula:StreamWorker:RetryMaxDelay"] = "00:00:01",
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = $"hang-test-{Guid.NewGuid():N}",
        }));
        _driver = await PipelineDriver.CreateAsync(fixture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
        }

        _relay?.Dispose();
        await (_driver?.DisposeAsync() ?? ValueTask.CompletedTask);
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task Attempts_are_cut_while_milvus_does_not_answer_and_the_event_is_applied_once_it_does()
    {
        using var retries = new MetricCollector<long>(_worker.Services.GetRequiredService<IMeterFactory>(), StreamWorkerTelemetry.Name, "nebula.worker.batch.retries");
        var user = PipelineDriver.NewUser("hung");
        var item = (await _driver.CatalogItemsAsync(1))[0];
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = await fixture.ConnectionStringAsync("kafka") }).Build())
        {
            var interaction = new InteractionEvent(Guid.CreateVersion7(), user, item, "click", DateTimeOffset.UtcNow);
            await producer.ProduceAsync(Topic, new Message<string, string> { Key = user, Value = InteractionEventSerializer.Serialize(interaction) }, TestContext.Current.CancellationToken);
        }

        await Task.Delay(Hang, TestContext.Current.CancellationToken);
        // Milvus's client alone would still be in its first call (a minute per call); cut attempts have come back several times.
        var cut = retries.GetMeasurementSnapshot().Count;
        Assert.Null(await _driver.ProfileAsync(user));

        _relay.Open();
        var profile = await _driver.WaitForProfileAsync(user, 1, Patience);

        Assert.True(cut >= 2, $"{cut} attempts came back within {Hang}");
        Assert.Equal(1, profile.EventCount);
    }
}
