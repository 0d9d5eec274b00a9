using System.Net.Http.Json;
using System.Text.Json;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>
/// Events sent through the Api, and what the library says they add up to: for the tests that break the pipeline and
/// then check that every event was applied exactly once. Each user's profile must equal the library's (computed from
/// the same events in order), and each item's transition total and popularity must have grown by exactly the
/// library's increments (they are shared, so the ledger reads them before it sends anything).
/// </summary>
internal sealed class EventLedger
{
    private static readonly string[] Types = ["view", "click", "add_to_cart", "purchase", "view", "click", "dislike"];
    private static readonly RecommendationOptions Options = new();

    private readonly PipelineDriver _driver;
    private readonly IReadOnlyList<string> _items;
    private readonly List<(string UserId, string ItemId, string Type)> _sent = [];
    private readonly List<DateTimeOffset> _occurredAt = [];
    private Dictionary<string, double> _transitionsBefore = [];
    private Dictionary<string, double> _popularityBefore = [];

    private EventLedger(PipelineDriver driver, IReadOnlyList<string> items)
    {
        _driver = driver;
        _items = items;
    }

    public int Count => _sent.Count;

    /// <summary>A ledger over <paramref name="items"/> (the only items its events name), their totals read now.</summary>
    public static async Task<EventLedger> StartAsync(PipelineDriver driver, IReadOnlyList<string> items)
    {
        var ledger = new EventLedger(driver, items);
        (ledger._transitionsBefore, ledger._popularityBefore) = await ledger.TotalsAsync();
        return ledger;
    }

    /// <summary><paramref name="count"/> events of <paramref name="users"/> users named <c>{prefix}-{n}</c> over the ledger's items, the same for a seed.</summary>
    public List<(string UserId, string ItemId, string Type)> RandomEvents(string prefix, int users, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => ($"{prefix}-{random.Next(users)}", _items[random.Next(_items.Count)], Types[random.Next(Types.Length)]))];
    }

    /// <summary>Posts the events through <c>/interactions/batch</c> in batches of at most 1,000, and records the times the Api gave them.</summary>
    public async Task PostAsync(IReadOnlyList<(string UserId, string ItemId, string Type)> events)
    {
        foreach (var chunk in events.Chunk(1000))
        {
            using var response = await _driver.Api.PostAsJsonAsync(
                "/interactions/batch",
                new { events = chunk.Select(e => new { userId = e.UserId, itemId = e.ItemId, type = e.Type }) },
                TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal(chunk.Length, body.GetProperty("accepted").GetInt32());
            _sent.AddRange(chunk);
            _occurredAt.AddRange(body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("occurredAt").GetDateTimeOffset()));
        }
    }

    /// <summary>
    /// Waits, <paramref name="patience"/> in all, until every user's profile has counted all of the user's events (or
    /// more); after that, whatever the state is, the assertion tells.
    /// </summary>
    public async Task WaitForAllAppliedAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        foreach (var (user, count) in _sent.GroupBy(e => e.UserId).Select(g => (g.Key, g.Count())))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                await _driver.WaitForProfileAsync(user, count, left);
            }
            catch (InvalidOperationException)
            {
                // No profile at all yet: the assertion names the user.
            }
        }
    }

    /// <summary>Every profile, transition total and popularity equals the library's result for the events sent: none lost, none applied twice.</summary>
    public async Task AssertAppliedExactlyOnceAsync()
    {
        var (profiles, transitions, popularity) = await ExpectedAsync();
        foreach (var (user, profile) in profiles)
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

        var (transitionsAfter, popularityAfter) = await TotalsAsync();
        Assert.All(_items, item => Assert.Equal(transitions.GetValueOrDefault(item), transitionsAfter[item] - _transitionsBefore[item], 6));
        // Popularity weights grow exponentially with time; compare relative to the size of the scores.
        Assert.All(_items, item => Assert.Equal(
            popularity.GetValueOrDefault(item), popularityAfter[item] - _popularityBefore[item], Math.Max(1e-9, popularityAfter[item] * 1e-9)));
    }

    private async Task<(Dictionary<string, TasteProfile> Profiles, Dictionary<string, double> Transitions, Dictionary<string, double> Popularity)> ExpectedAsync()
    {
        var vectors = await _driver.VectorsAsync([.. _sent.Select(e => e.ItemId).Distinct()]);
        var profiles = new Dictionary<string, TasteProfile>();
        var transitions = new Dictionary<string, double>();
        var popularity = new Dictionary<string, double>();
        for (var i = 0; i < _sent.Count; i++)
        {
            var (user, item, type) = _sent[i];
            foreach (var increment in ItemTransitions.Increments(profiles.GetValueOrDefault(user)?.RecentItems ?? [], item, type, Options))
            {
                transitions[increment.From] = transitions.GetValueOrDefault(increment.From) + increment.Weight;
            }

            popularity[item] = popularity.GetValueOrDefault(item) + PopularityScore.Increment(Options.WeightOf(type), _occurredAt[i], Options);
            profiles[user] = TasteProfileUpdater.Apply(profiles.GetValueOrDefault(user), item, vectors[item], type, _occurredAt[i], Options);
        }

        return (profiles, transitions, popularity);
    }

    /// <summary>Item → the total transition weight recorded from it, and item → its popularity; 0 when none.</summary>
    private async Task<(Dictionary<string, double> Transitions, Dictionary<string, double> Popularity)> TotalsAsync()
    {
        var database = _driver.Redis.GetDatabase();
        var totals = await database.HashGetAsync(RedisKeys.TransitionTotals, [.. _items.Select(item => (RedisValue)item)]);
        var scores = await database.SortedSetScoresAsync(RedisKeys.Popularity, [.. _items.Select(item => (RedisValue)item)]);
        return (
            _items.Select((item, i) => (item, total: totals[i].IsNull ? 0 : (double)totals[i])).ToDictionary(x => x.item, x => x.total),
            _items.Select((item, i) => (item, score: scores[i] ?? 0)).ToDictionary(x => x.item, x => x.score));
    }
}
