using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.IntegrationTests;

/// <summary>
/// No loss and no double apply: 2,000 events for 50 users with the worker stopped half-way, then the worker's group
/// rewound to offset 0 (Kafka's committed offsets now say nothing was applied, Redis's record says all was); every profile must equal the library's, computed from the same events in order,
/// and every item's transition total must have grown by exactly the library's increments.
/// </summary>
public abstract class WorkerRestartTestSuite(INebulaAppHost fixture) : IAsyncLifetime
{
    private const string Worker = "streamworker";
    private const int Users = 50;
    private const int Events = 2000;
    private const int BatchSize = 1000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly string[] Types = ["view", "click", "add_to_cart", "purchase", "view", "click", "dislike"];

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
        var run = Guid.NewGuid().ToString("N")[..8];
        var items = await _driver.CatalogItemsAsync(300);
        var random = new Random(20261126);
        var events = Enumerable.Range(0, Events)
            .Select(_ => (UserId: $"restart-{run}-{random.Next(Users)}", ItemId: items[random.Next(items.Count)], Type: Types[random.Next(Types.Length)]))
            .ToList();
        var totalsBefore = await TransitionTotalsAsync(items);

        var accepted = await PostAsync(events[..BatchSize]);
        await CommandAsync(KnownResourceCommands.StopCommand);
        accepted.AddRange(await PostAsync(events[BatchSize..]));
        await CommandAsync(KnownResourceCommands.StartCommand);
        var (expected, expectedTransitions) = await ExpectedStateAsync(events, accepted);
        await WaitForAllAppliedAsync(expected);

        await CommandAsync(KnownResourceCommands.StopCommand);
        await RewindWorkerGroupAsync();
        await CommandAsync(KnownResourceCommands.StartCommand);
        await WaitPastEveryPartitionAsync(items[0]);

        foreach (var (user, profile) in expected)
        {
            var stored = await _driver.ProfileAsync(user);
            Assert.NotNull(stored);
            Assert.Equal(profile.EventCount, stored.EventCount);
            Assert.Equal(profile.RecentItems, stored.RecentItems);
            Assert.Equal(profile.UpdatedAt, stored.UpdatedAt);
            Assert.Equal(profile.Weight, stored.Weight, 9);
            Assert.Equal(profile.Vector is null, stored.Vector is null);
            if (profile.Vector is not null)
            {
                Assert.All(profile.Vector.Zip(stored.Vector!), pair => Assert.Equal(pair.First, pair.Second, 1e-6f));
            }
        }

        var totalsAfter = await TransitionTotalsAsync(items);
        Assert.All(items, item => Assert.Equal(expectedTransitions.GetValueOrDefault(item), totalsAfter[item] - totalsBefore[item], 6));
    }

    /// <summary>Item → the total transition weight recorded from it (nebula:next-total), 0 when none.</summary>
    private async Task<Dictionary<string, double>> TransitionTotalsAsync(IReadOnlyList<string> items)
    {
        var totals = await _driver.Redis.GetDatabase().HashGetAsync(RedisKeys.TransitionTotals, [.. items.Select(item => (StackExchange.Redis.RedisValue)item)]);
        return items.Select((item, i) => (item, total: totals[i].IsNull ? 0 : (double)totals[i])).ToDictionary(x => x.item, x => x.total);
    }

    private async Task<List<DateTimeOffset>> PostAsync(IReadOnlyList<(string UserId, string ItemId, string Type)> events)
    {
        using var response = await _driver.Api.PostAsJsonAsync(
            "/interactions/batch",
            new { events = events.Select(e => new { userId = e.UserId, itemId = e.ItemId, type = e.Type }) },
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(events.Count, body.GetProperty("accepted").GetInt32());
        return [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("occurredAt").GetDateTimeOffset())];
    }

    /// <summary>The library's profiles and, per item, the transition weight the events add from it.</summary>
    private async Task<(Dictionary<string, TasteProfile> Profiles, Dictionary<string, double> Transitions)> ExpectedStateAsync(
        List<(string UserId, string ItemId, string Type)> events, List<DateTimeOffset> occurredAt)
    {
        var vectors = await _driver.VectorsAsync([.. events.Select(e => e.ItemId).Distinct()]);
        var options = new RecommendationOptions();
        var profiles = new Dictionary<string, TasteProfile>();
        var transitions = new Dictionary<string, double>();
        for (var i = 0; i < events.Count; i++)
        {
            var (user, item, type) = events[i];
            foreach (var increment in ItemTransitions.Increments(profiles.GetValueOrDefault(user)?.RecentItems ?? [], item, type, options))
            {
                transitions[increment.From] = transitions.GetValueOrDefault(increment.From) + increment.Weight;
            }

            profiles[user] = TasteProfileUpdater.Apply(profiles.GetValueOrDefault(user), item, vectors[item], type, occurredAt[i], options);
        }

        return (profiles, transitions);
    }

    private async Task WaitForAllAppliedAsync(Dictionary<string, TasteProfile> expected)
    {
        foreach (var (user, profile) in expected)
        {
            await _driver.WaitForProfileAsync(user, profile.EventCount, Patience);
        }
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

    private async Task CommandAsync(string command)
    {
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(Worker, command, TestContext.Current.CancellationToken);
        Assert.True(result.Success, $"{command}: {result.Message}");
        if (command == KnownResourceCommands.StartCommand)
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(Worker, TestContext.Current.CancellationToken);
        }
    }
}
