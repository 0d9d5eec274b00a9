using Nebula.Evaluator.Data;
using Nebula.Evaluator.Protocol;

namespace Nebula.UnitTests.Evaluation;

public class GlobalTemporalSplitTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ItemVectors Vectors = ItemVectors.FromRows(["a", "b", "c", "d", "e"], new float[5 * ItemVectors.Dimensions]);

    // Twenty events at hours 0 to 19: the test's cut (90%) falls at hour 18 and the validation's (80%) at hour 16.
    private static readonly InteractionDataset Dataset = new("tiny", [], [
        new UserHistory("u1", [.. Hours("a", 0, 2, 4, 6, 8, 10, 12, 14), new("b", T0.AddHours(16), "click"), new("c", T0.AddHours(18), "click")]),
        new UserHistory("u2", [.. Hours("b", 1, 3, 5, 7, 9, 11, 13, 15), new("zz", T0.AddHours(17), "click")]),
        new UserHistory("u3", [new("d", T0.AddHours(19), "click")]),
    ], HasTimestamps: true, "test");

    [Fact]
    public void The_test_split_replays_every_event_before_the_cut_and_streams_the_rest_in_time_order()
    {
        var split = EvaluationSplit.Build(Dataset, Vectors, SplitKind.TemporalTest);

        // u2's hour-17 event has no vector; everything else before hour 18 is replayed, u1's hour-16 event included.
        Assert.Equal(17, split.Replay.Count);
        Assert.All(split.Replay, e => Assert.True(e.At < T0.AddHours(18)));
        Assert.Equal([("u1", "c", true), ("u3", "d", false)], split.Stream.Select(s => (s.Event.UserId, Vectors.ItemIds[s.Event.Item], s.Ranked)));
        Assert.Empty(split.Targets);
    }

    [Fact]
    public void A_users_first_known_event_is_observed_but_not_ranked()
    {
        var split = EvaluationSplit.Build(Dataset, Vectors, SplitKind.TemporalTest);

        Assert.Equal(1, split.Evaluated);
        Assert.Equal(1, split.Skipped);
    }

    [Fact]
    public void The_validation_split_streams_only_up_to_the_test_cut_and_never_sees_the_test_period()
    {
        var split = EvaluationSplit.Build(Dataset, Vectors, SplitKind.TemporalValidation);

        Assert.Equal(16, split.Replay.Count);
        Assert.Equal([("u1", "b", true)], split.Stream.Select(s => (s.Event.UserId, Vectors.ItemIds[s.Event.Item], s.Ranked)));
    }

    [Fact]
    public void A_data_set_without_timestamps_has_no_temporal_split()
    {
        var dataset = Dataset with { HasTimestamps = false };

        var error = Assert.Throws<ArgumentException>(() => EvaluationSplit.Build(dataset, Vectors, SplitKind.TemporalTest));

        Assert.Contains("no timestamps", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Interaction> Hours(string item, params int[] hours) => hours.Select(hour => new Interaction(item, T0.AddHours(hour), "click"));
}
