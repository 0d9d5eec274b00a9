using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public sealed class TasteProfileMergerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Types = ["view", "view", "click", "add_to_cart", "purchase", "dislike"];

    private static RecommendationOptions Options(int recentLimit = 100) => new()
    {
        ProfileHalfLife = TimeSpan.FromDays(1),
        RecentItemsLimit = recentLimit,
        RepeatableEventTypes = ["purchase"],
    };

    private sealed record Event(string ItemId, float[] Vector, string Type, DateTimeOffset At);

    /// <summary>Random events on items drawn from a small catalogue (so both shoppers touch some of the same), starting with a positive one.</summary>
    private static List<Event> Events(Random random, int count, DateTimeOffset from, IReadOnlyDictionary<string, float[]> catalogue)
    {
        var ids = catalogue.Keys.ToArray();
        var at = from;
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            at = at.AddMinutes(random.Next(1, 30));
            var id = ids[random.Next(ids.Length)];
            return new Event(id, catalogue[id], i == 0 ? "view" : Types[random.Next(Types.Length)], at);
        })];
    }

    private static Dictionary<string, float[]> Catalogue(Random random, int items) =>
        Enumerable.Range(0, items).ToDictionary(i => $"item-{i}", _ => Enumerable.Range(0, 16).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), StringComparer.Ordinal);

    private static TasteProfile? Replay(IEnumerable<Event> events, RecommendationOptions options) =>
        events.Aggregate((TasteProfile?)null, (profile, e) => TasteProfileUpdater.Apply(profile, e.ItemId, e.Vector, e.Type, e.At, options));

    private static void AssertSameProfile(TasteProfile expected, TasteProfile actual)
    {
        Assert.Equal(expected.EventCount, actual.EventCount);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.RecentItems, actual.RecentItems);
        Assert.Equal(expected.RepeatableItems, actual.RepeatableItems);
        Assert.Equal(expected.Weight, actual.Weight, 1e-4);
        Assert.Equal(expected.Vector!.Length, actual.Vector!.Length);
        Assert.All(expected.Vector.Zip(actual.Vector), pair => Assert.Equal(pair.First, pair.Second, 1e-5f));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_guest_who_browsed_after_the_accounts_events_merges_into_the_replay_of_both_in_time_order(int seed)
    {
        var random = new Random(seed);
        var catalogue = Catalogue(random, 12);
        var account = Events(random, random.Next(1, 30), Start, catalogue);
        var guest = Events(random, random.Next(1, 8), account[^1].At.AddHours(random.Next(0, 24)), catalogue);
        var options = Options();

        var merged = TasteProfileMerger.Merge(Replay(account, options), Replay(guest, options), options);

        AssertSameProfile(Replay(account.Concat(guest), options)!, merged);
    }

    [Fact]
    public void An_account_whose_events_came_after_the_guests_merges_the_same_way()
    {
        var random = new Random(11);
        var catalogue = Catalogue(random, 8);
        var guest = Events(random, 10, Start, catalogue);
        var account = Events(random, 7, guest[^1].At.AddMinutes(5), catalogue);
        var options = Options();

        var merged = TasteProfileMerger.Merge(Replay(account, options), Replay(guest, options), options);

        AssertSameProfile(Replay(guest.Concat(account), options)!, merged);
    }

    [Fact]
    public void The_recent_items_keep_their_limit_newest_first()
    {
        var random = new Random(21);
        var catalogue = Catalogue(random, 40);
        var account = Events(random, 25, Start, catalogue);
        var guest = Events(random, 25, account[^1].At.AddMinutes(1), catalogue);
        var options = Options(recentLimit: 10);

        var merged = TasteProfileMerger.Merge(Replay(account, options), Replay(guest, options), options);

        Assert.Equal(10, merged.RecentItems.Count);
        Assert.Equal(Replay(account.Concat(guest), options)!.RecentItems, merged.RecentItems);
    }

    [Fact]
    public void A_shopper_with_no_events_changes_nothing()
    {
        var random = new Random(31);
        var options = Options();
        var account = Replay(Events(random, 5, Start, Catalogue(random, 5)), options)!;

        Assert.Same(account, TasteProfileMerger.Merge(account, null, options));
        Assert.Same(account, TasteProfileMerger.Merge(account, TasteProfile.Empty, options));
        Assert.Same(account, TasteProfileMerger.Merge(null, account, options));
    }

    [Fact]
    public void An_item_both_touched_comes_back_only_if_the_later_event_on_it_was_repeatable()
    {
        var options = Options();
        float[] x = [1, 0], y = [0, 1];
        var account = Replay([new("x", x, "purchase", Start), new("y", y, "view", Start.AddHours(1))], options)!;
        var guest = Replay([new("x", x, "view", Start.AddHours(2)), new("y", y, "purchase", Start.AddHours(3))], options)!;

        var merged = TasteProfileMerger.Merge(account, guest, options);

        Assert.Equal(["y", "x"], merged.RecentItems);
        Assert.Equal(["y"], merged.RepeatableItems);
        Assert.Equal(["x"], merged.ExcludedItems);
    }

    [Fact]
    public void The_merged_list_holds_each_item_once_with_its_higher_score_less_what_the_merged_shopper_touched()
    {
        var merged = new TasteProfile([1, 0], 1, Start, 2, ["seen-by-guest", "seen-by-account"]);
        Nebula.Core.Contracts.ScoredItem[] account = [new("a", 0.9), new("both", 0.4), new("seen-by-guest", 0.8)];
        Nebula.Core.Contracts.ScoredItem[] guest = [new("both", 0.7), new("b", 0.5), new("seen-by-account", 0.95)];

        var list = TasteProfileMerger.MergeLists(account, guest, merged, 3);

        Assert.Equal([new("a", 0.9), new("both", 0.7), new("b", 0.5)], list);
    }
}
