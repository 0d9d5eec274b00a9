using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public class RecommendationRankerTests
{
    [Fact]
    public void A_best_first_list_keeps_the_best_items_in_order_with_ties_to_the_smaller_id()
    {
        var best = new List<ScoredItem>();

        foreach (var item in new ScoredItem[] { new("c", 0.5), new("b", 0.9), new("z", 0.7), new("a", 0.7), new("d", 0.1) })
        {
            RecommendationRanker.InsertBest(best, item.ItemId, item.Score, 3);
        }

        Assert.Equal(["b", "a", "z"], best.Select(i => i.ItemId));
    }

    [Fact]
    public void A_best_first_list_of_length_zero_stays_empty()
    {
        var best = new List<ScoredItem>();

        RecommendationRanker.InsertBest(best, "a", 1, 0);

        Assert.Empty(best);
    }
}
