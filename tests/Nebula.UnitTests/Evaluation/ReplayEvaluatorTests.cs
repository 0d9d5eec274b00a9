using Nebula.Core.Recommendations;
using Nebula.Evaluator.Data;
using Nebula.Evaluator.Methods;
using Nebula.Evaluator.Protocol;

namespace Nebula.UnitTests.Evaluation;

public class ReplayEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ItemVectors Vectors = ItemVectors.FromRows(["a", "b", "c"], new float[3 * ItemVectors.Dimensions]);

    // Three events: the temporal test cut (90%) falls on the last, u1's click on b, the only one streamed.
    private static readonly InteractionDataset Dataset = new("tiny", [], [
        new UserHistory("u1", [new("a", T0, "click"), new("b", T0.AddHours(10), "click")]),
        new UserHistory("u2", [new("c", T0.AddHours(1), "click")]),
    ], HasTimestamps: true, "test");

    [Fact]
    public void A_streamed_event_is_ranked_before_it_is_observed()
    {
        var split = EvaluationSplit.Build(Dataset, Vectors, SplitKind.TemporalTest);

        var result = ReplayEvaluator.Run(new PopularityMethod(Vectors), split, Vectors, new RecommendationOptions(), cutoff: 2);

        // Every item ranked: a and c (one event each) before b (none). Had b's own event been counted first, b would
        // have tied them and, by its id, come second.
        Assert.Equal(1, result.AllItems.Users);
        Assert.Equal(0, result.AllItems.HitRate);
    }

    [Fact]
    public void A_streamed_event_is_scored_against_the_list_ranked_for_its_user()
    {
        var split = EvaluationSplit.Build(Dataset, Vectors, SplitKind.TemporalTest);

        var result = ReplayEvaluator.Run(new PopularityMethod(Vectors), split, Vectors, new RecommendationOptions(), cutoff: 2);

        // Seen "a" left out: c then b, a hit at rank 2.
        Assert.Equal(1, result.ExcludingSeen.HitRate);
        Assert.Equal(0.5, result.ExcludingSeen.Mrr, 6);
    }
}
