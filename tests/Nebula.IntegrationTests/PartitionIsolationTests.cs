using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Nebula.Core.Contracts;

namespace Nebula.IntegrationTests;

/// <summary>
/// An event that fails for a reason of its own (a stored profile that cannot be decoded) holds only its partition:
/// events on the other partition are applied while it waits for its attempts, and once it is dead-lettered the events
/// behind it in its own partition follow, in order. A worker hosted in this process on a two-partition topic of its own,
/// with attempts spread over about fifteen seconds so that "meanwhile" is long.
/// </summary>
public sealed class PartitionIsolationTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private const string Topic = EmbeddedAppHostFixture.IsolationTopic;
    private const int MaxAttempts = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Far shorter than the poisoned partition's wait (1 + 2 + 4 + 4 + 4 s of back-off, ±20 %).
    private static readonly TimeSpan BystanderPatience = TimeSpan.FromSeconds(8);

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-isolation-").FullName;
    private IHost _worker = null!;
    private PipelineDriver _driver = null!;
    private IProducer<string, string> _producer = null!;

    public async ValueTask InitializeAsync()
    {
        _worker = await InProcessServices.StartWorkerAsync(_contentRoot, await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["Nebula:StreamWorker:Topic"] = Topic,
            ["Nebula:StreamWorker:DeadLetterTopic"] = EmbeddedAppHostFixture.IsolationDeadLetterTopic,
            ["Nebula:StreamWorker:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nebula:StreamWorker:RetryBaseDelay"] = "00:00:01",
            ["Nebula:StreamWorker:RetryMaxDelay"] = "00:00:04",
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = $"isolation-test-{Guid.NewGuid():N}",
        }));
        _driver = await PipelineDriver.CreateAsync(fixture);
        _producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = await fixture.ConnectionStringAsync("kafka") }).Build();
    }

    public async ValueTask DisposeAsync()
    {
        _producer?.Dispose();
        await (_driver?.DisposeAsync() ?? ValueTask.CompletedTask);
        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task A_bad_event_holds_only_its_partition_and_the_events_behind_it_follow_once_it_is_dead_lettered()
    {
        var corrupt = PipelineDriver.NewUser("held");
        var behind = PipelineDriver.NewUser("behind");
        var items = await _driver.CatalogItemsAsync(2);
        // Three bytes are no whole float32: the profile cannot be decoded, however often the event is tried.
        await _driver.Redis.GetDatabase().HashSetAsync(RedisKeys.Profile(corrupt), TasteProfileCodec.VectorField, new byte[] { 1, 2, 3 });
        var poisoned = Serialize(corrupt, items[0]);
        var poisonedOffset = await ProduceAsync(0, corrupt, poisoned);
        await ProduceAsync(0, behind, Serialize(behind, items[1]));
        // Long enough for the worker to have read the bad event and failed on it.
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);

        // Each bystander is sent only after the one before was applied: they all flow while the bad event waits.
        for (var i = 0; i < 5; i++)
        {
            var bystander = PipelineDriver.NewUser($"flowing-{i}");
            await ProduceAsync(1, bystander, Serialize(bystander, items[i % 2]));
            Assert.Equal(1, (await _driver.WaitForProfileAsync(bystander, 1, BystanderPatience)).EventCount);
        }

        var heldAt = await _driver.Redis.GetDatabase().StringGetAsync(RedisKeys.AppliedOffset(Topic, 0));
        Assert.True(heldAt.IsNull || (long)heldAt < poisonedOffset, $"partition 0 was applied up to {heldAt}, past the bad event at {poisonedOffset}, before the bystanders were done");
        Assert.Null(await _driver.ProfileAsync(behind));

        var letter = await DeadLetterReader.FindAsync(fixture, EmbeddedAppHostFixture.IsolationDeadLetterTopic, poisoned, Patience);
        var after = await _driver.WaitForProfileAsync(behind, 1, Patience);

        Assert.Contains($"Failed {MaxAttempts} attempts: System.FormatException", DeadLetterReader.Header(letter, DeadLetterReader.ReasonHeader), StringComparison.Ordinal);
        Assert.Equal(1, after.EventCount);
    }

    private static string Serialize(string user, string item) =>
        InteractionEventSerializer.Serialize(new InteractionEvent(Guid.CreateVersion7(), user, item, "click", DateTimeOffset.UtcNow));

    private async Task<long> ProduceAsync(int partition, string key, string value)
    {
        var result = await _producer.ProduceAsync(new TopicPartition(Topic, partition), new Message<string, string> { Key = key, Value = value }, TestContext.Current.CancellationToken);
        return result.Offset.Value;
    }
}
