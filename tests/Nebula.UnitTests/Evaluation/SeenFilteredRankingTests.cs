using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.Evaluator.Methods;

namespace Nebula.UnitTests.Evaluation;

public class SeenFilteredRankingTests
{
    private static TasteProfile Seen(params string[] items) => TasteProfile.Empty with { RecentItems = items };

    [Fact]
    public void Items_the_user_has_seen_are_never_recommended()
    {
        ScoredItem[] candidates = [new("a", 0.9), new("b", 0.8), new("c", 0.7), new("d", 0.6)];

        var ranked = SeenFilteredRanking.Rank(candidates, Seen("a", "c"), 10);

        Assert.Equal(["b", "d"], ranked.Select(i => i.ItemId));
    }

    [Fact]
    public void The_best_scores_come_first_and_the_list_is_cut_at_the_count()
    {
        ScoredItem[] candidates = [new("low", 0.1), new("high", 0.9), new("middle", 0.5)];

        var ranked = SeenFilteredRanking.Rank(candidates, Seen(), 2);

        Assert.Equal(["high", "middle"], ranked.Select(i => i.ItemId));
        Assert.Equal(0.9, ranked[0].Score);
    }

    [Fact]
    public void A_candidate_returned_twice_appears_once_with_its_best_score()
    {
        ScoredItem[] candidates = [new("a", 0.4), new("a", 0.8), new("b", 0.5)];

        var ranked = SeenFilteredRanking.Rank(candidates, Seen(), 10);

        Assert.Equal([("a", 0.8), ("b", 0.5)], ranked.Select(i => (i.ItemId, i.Score)));
    }

    [Fact]
    public void Equal_scores_are_ordered_by_item_id_so_lists_are_reproducible()
    {
        ScoredItem[] candidates = [new("b", 0.5), new("a", 0.5)];

        Assert.Equal(["a", "b"], SeenFilteredRanking.Rank(candidates, Seen(), 10).Select(i => i.ItemId));
    }

    [Fact]
    public void The_search_over_fetches_by_the_number_of_remembered_items()
    {
        Assert.Equal(13, SeenFilteredRanking.CandidateCount(Seen("a", "b", "c"), 10));
    }

    [Fact]
    public void Over_fetching_leaves_a_full_list_even_when_every_remembered_item_is_a_top_candidate()
    {
        var profile = Seen("s1", "s2", "s3");
        var pool = Enumerable.Range(0, 100).Select(i => new ScoredItem(i < 3 ? $"s{i + 1}" : $"n{i}", 1 - (i / 100.0))).ToList();

        var fetched = pool.Take(SeenFilteredRanking.CandidateCount(profile, 5));

        Assert.Equal(5, SeenFilteredRanking.Rank(fetched, profile, 5).Count);
    }
}
