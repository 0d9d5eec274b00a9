using Aspire.Hosting.ApplicationModel;
using Confluent.Kafka;
using Nebula.Core.Contracts;

namespace Nebula.IntegrationTests;

/// <summary>
/// No loss and no double apply: 2,000 events for 50 users with the worker stopped half-way, then the worker's group
/// rewound to offset 0 (Kafka's committed offsets now say nothing was applied, Redis's record says all was); then
/// <see cref="EventLedger.AssertAppliedExactlyOnceAsync"/>.
/// </summary>
public abstract class WorkerRestartTestSuite(INebulaAppHost fixture) : IAsyncLifetime
{
    private const string Worker = "streamworker";
    private const int Users = 50;
    private const int Events = 2000;
    private const int BatchSize = 1000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync() => _driver = await PipelineDriver.CreateAsync(fixture);

    public async ValueTask DisposeAsync()
    {
        // Whatever happened, leave the worker running for the tests after this one.
        await CommandAsync(KnownResourceCommands.StartCommand);
        await _driver.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_worker_stopped_half_way_and_a_group_rewound_to_the_start_neither_lose_nor_double_apply_an_event()
    {
        var catalog = await _driver.CatalogItemsAsync(301);
        var items = catalog.Take(300).ToList();
        var ledger = await EventLedger.StartAsync(_driver, items);
        var events = ledger.RandomEvents($"restart-{Guid.NewGuid().ToString("N")[..8]}", Users, Events, seed: 20261126);

        await ledger.PostAsync(events[..BatchSize]);
        await CommandAsync(KnownResourceCommands.StopCommand);
        await ledger.PostAsync(events[BatchSize..]);
        await CommandAsync(KnownResourceCommands.StartCommand);
        await ledger.WaitForAllAppliedAsync(Patience);

        await CommandAsync(KnownResourceCommands.StopCommand);
        await RewindWorkerGroupAsync();
        await CommandAsync(KnownResourceCommands.StartCommand);
        // An item outside the ledger's, whose popularity the sentinels may change.
        await WaitPastEveryPartitionAsync(catalog[300]);

        await ledger.AssertAppliedExactlyOnceAsync();
    }

    /// <summary>
    /// Commits offset 0 for every partition in the worker's group, as if Kafka had lost the group's progress. The broker takes commits only from a member, so this joins the group (once the stopped
    /// worker's session has expired, it gets every partition), commits and leaves.
    /// </summary>
    private async Task RewindWorkerGroupAsync()
    {
        using var member = WorkerGroupClient(await fixture.ConnectionStringAsync("kafka"));
        member.Subscribe(Topics.Interactions);
        var deadline = DateTime.UtcNow + Patience;
        while (member.Assignment.Count < Topics.InteractionsPartitions)
        {
            Assert.True(DateTime.UtcNow < deadline, "The rewinding client never got every partition of the worker's group.");
            member.Consume(TimeSpan.FromMilliseconds(200));
        }

        member.Commit([.. member.Assignment.Select(p => new TopicPartitionOffset(p, 0))]);
        member.Close();
    }

    /// <summary>
    /// Puts one event at the end of every partition and waits for each to be applied: then the restarted worker has
    /// read (or, starting after Redis's record, passed) everything before them.
    /// </summary>
    private async Task WaitPastEveryPartitionAsync(string item)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = await fixture.ConnectionStringAsync("kafka") }).Build();
        var sentinels = Enumerable.Range(0, Topics.InteractionsPartitions).Select(p => (Partition: p, User: PipelineDriver.NewUser($"sentinel-{p}"))).ToList();
        foreach (var (partition, user) in sentinels)
        {
            var interaction = new InteractionEvent(Guid.CreateVersion7(), user, item, "click", DateTimeOffset.UtcNow);
            await producer.ProduceAsync(
                new TopicPartition(Topics.Interactions, partition),
                new Message<string, string> { Key = user, Value = InteractionEventSerializer.Serialize(interaction) },
                TestContext.Current.CancellationToken);
        }

        foreach (var (_, user) in sentinels)
        {
            await _driver.WaitForProfileAsync(user, 1, Patience);
        }
    }

    private static IConsumer<string, string> WorkerGroupClient(string bootstrapServers) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "nebula-streamworker",
            EnableAutoCommit = false,
            SessionTimeoutMs = Nebula.Hosting.Embedded.EmbeddedKafkaConsumerSettings.SessionTimeoutMs,
        }).Build();

    private Task CommandAsync(string command) => fixture.App.CommandAsync(Worker, command);
}
