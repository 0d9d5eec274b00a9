using Nebula.Core.Recommendations;
using Nebula.Evaluator.Data;
using Nebula.Evaluator.Methods;

namespace Nebula.UnitTests.Evaluation;

public sealed class NebulaBlendMethodTests
{
    [Fact]
    public void Popular_items_rank_by_their_counts_even_for_events_years_before_the_popularity_epoch()
    {
        // Stored scores of 2015 events are about 2^-500 of a 2025 one: far below the smallest float.
        string[] ids = ["a-rare", "b-rare", "z-popular"];
        var rows = new float[ids.Length * ItemVectors.Dimensions];
        for (var i = 0; i < ids.Length; i++)
        {
            rows[(i * ItemVectors.Dimensions) + i] = 1;
        }

        var vectors = ItemVectors.FromRows(ids, rows);
        var blend = new NebulaBlendMethod(vectors, new RecommendationOptions());
        var at = new DateTimeOffset(2015, 6, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var user in new[] { "u1", "u2", "u3" })
        {
            blend.Observe(user, 2, at, "view");
        }

        blend.Observe("u4", 0, at, "view");
        // A shopper with only a dislike has no profile direction: the popular list is what they get.
        blend.Observe("shopper", 1, at, "dislike");

        var list = blend.Recommend("shopper", at.AddHours(1), [], 2);

        Assert.Equal([2, 0], list);
    }
}
