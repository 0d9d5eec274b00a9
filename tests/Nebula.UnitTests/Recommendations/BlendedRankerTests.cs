using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public class BlendedRankerTests
{
    private static readonly RecommendationOptions Options = new()
    {
        Blend = new BlendOptions { ContentWeight = 1, TransitionWeight = 10, PopularityWeight = 2 },
    };

    private static readonly Dictionary<string, double> NoTransitions = [];
    private static readonly Dictionary<string, double> NoPopular = [];

    [Fact]
    public void A_repeatable_item_can_be_recommended_again_and_an_excluded_one_cannot()
    {
        var profile = Profile(events: 2) with { RecentItems = ["bought", "viewed"], RepeatableItems = ["bought"] };

        var ranked = BlendedRanker.Rank(profile, [new("bought", 0.9), new("viewed", 0.8), new("other", 0.1)], NoTransitions, NoPopular, _ => 0, Options, 10);

        Assert.Equal(["bought", "other"], ranked.Select(r => r.ItemId));
    }

    [Fact]
    public void A_hidden_item_is_ranked_from_no_signal()
    {
        var popular = BlendedRanker.PopularityShares([new("hidden", 100), new("shown", 10)]);

        var ranked = BlendedRanker.Rank(
            Profile(events: 2), [new("hidden", 0.9), new("near", 0.5)], new Dictionary<string, double> { ["hidden"] = 1 }, popular, _ => 0.2, Options, 10,
            new HashSet<string>(["hidden"], StringComparer.Ordinal));

        Assert.Equal(["near", "shown"], ranked.Select(item => item.ItemId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_deeper_list_starts_with_the_shorter_list()
    {
        var content = Enumerable.Range(0, 30).Select(i => new ScoredItem($"c{i}", 0.9 - (i * 0.01))).ToList();
        var transitions = Enumerable.Range(0, 20).ToDictionary(i => $"t{i}", i => 0.05 * (i % 7));
        var popular = BlendedRanker.PopularityShares([.. Enumerable.Range(0, 10).Select(i => new ScoredItem($"p{i}", 100 - i))]);

        var shallow = BlendedRanker.Rank(Profile(events: 3), content, transitions, popular, _ => 0.3, Options, 10);
        var deep = BlendedRanker.Rank(Profile(events: 3), content, transitions, popular, _ => 0.3, Options, 50);

        Assert.Equal(50, deep.Count);
        Assert.Equal(shallow, deep.Take(10));
    }

    [Fact]
    public void With_content_alone_the_nearest_items_rank_in_cosine_order()
    {
        var ranked = BlendedRanker.Rank(Profile(events: 100), [new("a", 0.9), new("b", 0.8)], NoTransitions, NoPopular, _ => 0, Options, 10);

        Assert.Equal(["a", "b"], ranked.Select(item => item.ItemId));
    }

    [Fact]
    public void A_strong_transition_outranks_a_closer_item_and_is_scored_with_its_own_cosine()
    {
        var ranked = BlendedRanker.Rank(Profile(events: 100), [new("near", 0.9)], new Dictionary<string, double> { ["next"] = 0.5 }, NoPopular, id => id == "next" ? 0.1 : double.NaN, Options, 10);

        Assert.Equal(["next", "near"], ranked.Select(item => item.ItemId));
        Assert.Equal(0.1 + 10 * 0.5, ranked[0].Score, 12);
    }

    [Fact]
    public void Popular_items_are_candidates_lifted_most_for_a_short_history()
    {
        ScoredItem[] popular = [new("hit", 100), new("known", 10)];

        var newcomer = BlendedRanker.Rank(Profile(events: 1), [new("near", 0.5)], NoTransitions, BlendedRanker.PopularityShares(popular), _ => 0.2, Options, 10);
        var regular = BlendedRanker.Rank(Profile(events: 1000), [new("near", 0.5)], NoTransitions, BlendedRanker.PopularityShares(popular), _ => 0.2, Options, 10);

        Assert.Equal("hit", newcomer[0].ItemId);
        Assert.Equal(0.2 + (2.0 / 2 * 1), newcomer[0].Score, 12);
        Assert.Equal("near", regular[0].ItemId);
    }

    [Fact]
    public void Seen_items_are_left_out_whatever_their_score()
    {
        var profile = Profile(events: 5) with { RecentItems = ["next"] };

        var ranked = BlendedRanker.Rank(profile, [new("a", 0.3)], new Dictionary<string, double> { ["next"] = 1 }, NoPopular, _ => 0.9, Options, 10);

        Assert.Equal(["a"], ranked.Select(item => item.ItemId));
    }

    [Fact]
    public void A_candidate_without_a_vector_is_left_out()
    {
        var ranked = BlendedRanker.Rank(Profile(events: 5), [new("a", 0.3)], new Dictionary<string, double> { ["gone"] = 1 }, NoPopular, _ => double.NegativeInfinity, Options, 10);

        Assert.Equal(["a"], ranked.Select(item => item.ItemId));
    }

    private static TasteProfile Profile(long events) => new([1f, 0f], 1, DateTimeOffset.UnixEpoch, events, []);
}
