using System.Net;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Nebula.Core.Contracts;

namespace Nebula.IntegrationTests;

/// <summary>
/// A worker whose Redis is unreachable keeps its event and applies it once Redis answers: a real outage,
/// made by a TCP relay in front of the AppHost's Garnet that is closed, then opened.
/// </summary>
public sealed class WorkerRetryTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-retry-").FullName;
    private TcpRelay _relay = null!;
    private IHost _worker = null!;
    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync()
    {
        var redis = await fixture.ConnectionStringAsync("redis");
        _relay = new TcpRelay(IPEndPoint.Parse(redis));
        _worker = await InProcessServices.StartWorkerAsync(_contentRoot, await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = $"{_relay.Endpoint},abortConnect=false,connectRetry=1,connectTimeout=500",
            ["Nebula:StreamWorker:Topic"] = EmbeddedAppHostFixture.RetryTopic,
            ["Nebula:StreamWorker:RetryMaxDelay"] = "00:00:01",
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = $"retry-test-{Guid.NewGuid():N}",
        }));
        _driver = await PipelineDriver.CreateAsync(fixture);
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync(CancellationToken.None);
        _worker.Dispose();
        _relay.Dispose();
        await _driver.DisposeAsync();
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task An_event_that_arrives_while_redis_is_down_is_applied_once_redis_is_back()
    {
        var user = PipelineDriver.NewUser("outage");
        var item = (await _driver.CatalogItemsAsync(1))[0];
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = await fixture.ConnectionStringAsync("kafka") }).Build())
        {
            var interaction = new InteractionEvent(Guid.CreateVersion7(), user, item, "click", DateTimeOffset.UtcNow);
            await producer.ProduceAsync(EmbeddedAppHostFixture.RetryTopic, new Message<string, string> { Key = user, Value = InteractionEventSerializer.Serialize(interaction) }, TestContext.Current.CancellationToken);
        }

        await Task.Delay(Outage, TestContext.Current.CancellationToken);
        Assert.Null(await _driver.ProfileAsync(user));

        _relay.Open();
        var profile = await _driver.WaitForProfileAsync(user, 1, Patience);

        Assert.Equal(1, profile.EventCount);
        Assert.Equal([item], profile.RecentItems);
    }
}
