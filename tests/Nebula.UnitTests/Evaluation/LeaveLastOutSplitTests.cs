using Nebula.Core.Recommendations;
using Nebula.Evaluator.Data;
using Nebula.Evaluator.Methods;
using Nebula.Evaluator.Protocol;

namespace Nebula.UnitTests.Evaluation;

public class LeaveLastOutSplitTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ItemVectors Vectors = ItemVectors.FromRows(["a", "b", "c", "d"], new float[4 * ItemVectors.Dimensions]);

    private static readonly InteractionDataset Dataset = new("tiny", [], [
        new UserHistory("u1", [new("a", T0.AddHours(1), "click"), new("b", T0.AddHours(3), "click"), new("c", T0.AddHours(5), "click")]),
        new UserHistory("u2", [new("d", T0.AddHours(2), "click"), new("a", T0.AddHours(4), "click")]),
        new UserHistory("u3", [new("b", T0, "click")]),
        new UserHistory("u4", [new("zz", T0, "click"), new("a", T0.AddHours(1), "click")]),
    ], HasTimestamps: true, "test");

    [Fact]
    public void The_test_split_holds_out_each_users_last_item_and_replays_everything_before_in_time_order()
    {
        var split = EvaluationSplit.Build(Dataset, Vectors, SplitKind.Test);

        Assert.Equal([("u1", 2), ("u2", 0)], split.Targets.Select(t => (t.UserId, t.Item)));
        Assert.Equal([("u1", "a"), ("u2", "d"), ("u1", "b")], split.Replay.Select(e => (e.UserId, Vectors.ItemIds[e.Item])));
    }

    [Fact]
    public void The_validation_split_holds_out_the_second_to_last_and_never_replays_the_last()
    {
        var split = EvaluationSplit.Build(Dataset, Vectors, SplitKind.Validation);

        Assert.Equal([("u1", 1)], split.Targets.Select(t => (t.UserId, t.Item)));
        Assert.Equal([("u1", "a")], split.Replay.Select(e => (e.UserId, Vectors.ItemIds[e.Item])));
    }

    [Fact]
    public void Users_without_a_history_or_whose_history_has_no_known_item_are_skipped()
    {
        var split = EvaluationSplit.Build(Dataset, Vectors, SplitKind.Test);

        // u3 has one interaction; u4's only earlier item has no vector.
        Assert.Equal(2, split.Skipped);
    }

    [Fact]
    public void The_in_memory_transition_store_keeps_the_strongest_links_as_the_worker_trims_them()
    {
        var store = new InMemoryTransitionStore(new BlendOptions { TransitionsKept = 2, TransitionCandidates = 2 });

        store.Add(new TransitionIncrement("x", "b", 1));
        store.Add(new TransitionIncrement("x", "a", 1));
        store.Add(new TransitionIncrement("x", "c", 2));

        // A tie at the bottom drops the smaller member ("a"), as ZREMRANGEBYRANK does; the total keeps every weight.
        var row = store.Row("x")!;
        Assert.Equal(["c", "b"], row.Links.Select(link => link.Key));
        Assert.Equal(4, row.Total);
    }
}
