using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.StreamWorker.State;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>
/// The worker's reads and writes of transitions and popularity against the AppHost's Redis: what the ranking
/// reads must be the state as it will be once the batch is written. In the pipeline group because it touches the
/// shared popularity set (and cleans up after itself).
/// </summary>
public abstract class RankingInputsTestSuite(INebulaAppHost fixture) : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;
    private RecommendationStateStore _store = null!;
    private readonly string _prefix = $"ranking-test-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(await fixture.ConnectionStringAsync("redis"));
        _store = new RecommendationStateStore(_redis, TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        var database = _redis.GetDatabase();
        await database.SortedSetRemoveAsync(RedisKeys.Popularity, [Item("hit"), Item("riser")]);
        await database.HashDeleteAsync(RedisKeys.TransitionTotals, [Item("x")]);
        await database.KeyDeleteAsync(RedisKeys.Transitions(Item("x")));
        await _redis.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Stored_links_and_the_batchs_pending_increments_are_read_as_one_state()
    {
        await WriteAsync(kept: 10, new(Item("x"), Item("a"), 5), new(Item("x"), Item("b"), 3), new(Item("x"), Item("c"), 1));

        // c is below the top two in Redis; the batch lifts it to 1 + 5 = 6.
        var inputs = await _store.ReadRankingInputsAsync([Item("x")], linksPerItem: 2, popularCount: 0,
            ItemTransitions.SumByLink([new(Item("x"), Item("c"), 5)]), new Dictionary<string, double>());

        var row = inputs.Transitions[Item("x")];
        Assert.Equal([(Item("c"), 6.0), (Item("a"), 5.0)], row.Links.Select(link => (link.Key, link.Value)));
        Assert.Equal(14, row.Total);
    }

    [Fact]
    public async Task The_two_step_paths_rows_are_read_as_the_same_state_as_the_first_rows()
    {
        await WriteAsync(kept: 10, new(Item("x"), Item("a"), 5), new(Item("x"), Item("b"), 3), new(Item("x"), Item("c"), 1));
        var pending = ItemTransitions.SumByLink([new(Item("x"), Item("c"), 5)]);

        var first = (await _store.ReadRankingInputsAsync([Item("x")], linksPerItem: 2, popularCount: 0, pending, new Dictionary<string, double>())).Transitions[Item("x")];
        var second = (await _store.ReadTransitionRowsAsync([Item("x"), Item("never-followed")], linksPerItem: 2, pending))[Item("x")];

        Assert.Equal(first.Links, second.Links);
        Assert.Equal(first.Total, second.Total);
    }

    [Fact]
    public async Task Only_the_strongest_links_are_kept_but_the_total_counts_every_weight()
    {
        await WriteAsync(kept: 2, new(Item("x"), Item("a"), 5), new(Item("x"), Item("b"), 3), new(Item("x"), Item("c"), 1));

        var inputs = await _store.ReadRankingInputsAsync([Item("x")], linksPerItem: 10, popularCount: 0, ItemTransitions.SumByLink([]), new Dictionary<string, double>());

        Assert.Equal([Item("a"), Item("b")], inputs.Transitions[Item("x")].Links.Select(link => link.Key));
        Assert.Equal(9, inputs.Transitions[Item("x")].Total);
    }

    [Fact]
    public async Task A_pending_popularity_increment_counts_before_it_is_written()
    {
        // Scores grow with time (forward decay), so the test's are set well above whatever other tests wrote.
        var database = _redis.GetDatabase();
        var top = (await database.SortedSetRangeByRankWithScoresAsync(RedisKeys.Popularity, 0, 0, Order.Descending)).Select(entry => entry.Score).DefaultIfEmpty(1).First();
        var unit = Math.Max(top, 1) * 10;
        await database.SortedSetIncrementAsync(RedisKeys.Popularity, Item("hit"), unit);

        var inputs = await _store.ReadRankingInputsAsync([], linksPerItem: 1, popularCount: 2, ItemTransitions.SumByLink([]),
            new Dictionary<string, double> { [Item("riser")] = 3 * unit, [Item("hit")] = unit });

        Assert.Equal([(Item("riser"), 3 * unit), (Item("hit"), 2 * unit)], inputs.Popular.Select(item => (item.ItemId, item.Score)));
    }

    private string Item(string name) => $"{_prefix}-{name}";

    private Task WriteAsync(int kept, params TransitionIncrement[] increments) =>
        _store.WriteAsync(new StateChanges("ranking-test", new Dictionary<string, TasteProfile>(), new Dictionary<string, RecommendationList?>(),
            new Dictionary<string, double>(), ItemTransitions.SumByLink(increments), kept,
            new Dictionary<int, long>(), new Dictionary<int, long?>(), [], TimeSpan.FromDays(1), [], null));
}
