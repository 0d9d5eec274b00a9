using Nebula.Evaluator.Data;

namespace Nebula.Evaluator.Protocol;

/// <summary>
/// Leave-last-out per user: the held-out items, and every user's history before them in one global order (by
/// time, then the users' order in the data, then position), so that signals learnt across users are there when
/// each held-out item is ranked. Events on items without a vector are dropped, as the worker dead-letters them.
/// </summary>
public sealed class LeaveLastOutSplit
{
    private LeaveLastOutSplit(IReadOnlyList<ReplayEvent> replay, IReadOnlyList<HeldOut> targets, int skippedUsers)
    {
        Replay = replay;
        Targets = targets;
        SkippedUsers = skippedUsers;
    }

    public IReadOnlyList<ReplayEvent> Replay { get; }

    public IReadOnlyList<HeldOut> Targets { get; }

    /// <summary>Users without a history before the target, or whose target has no vector.</summary>
    public int SkippedUsers { get; }

    public static LeaveLastOutSplit Build(InteractionDataset dataset, ItemVectors vectors, SplitKind kind)
    {
        var heldOutFromEnd = kind == SplitKind.Test ? 1 : 2;
        var replay = new List<(ReplayEvent Event, int User, int Position)>();
        var targets = new List<HeldOut>();
        var skipped = 0;
        for (var user = 0; user < dataset.Users.Count; user++)
        {
            var history = dataset.Users[user];
            var count = history.Interactions.Count;
            if (count <= heldOutFromEnd || !vectors.TryGetIndex(history.Interactions[count - heldOutFromEnd].ItemId, out var target))
            {
                skipped++;
                continue;
            }

            var replayed = 0;
            for (var position = 0; position < count - heldOutFromEnd; position++)
            {
                var interaction = history.Interactions[position];
                if (vectors.TryGetIndex(interaction.ItemId, out var item))
                {
                    replay.Add((new ReplayEvent(history.UserId, item, interaction.At, interaction.Type), user, position));
                    replayed++;
                }
            }

            if (replayed == 0)
            {
                skipped++;
                continue;
            }

            targets.Add(new HeldOut(history.UserId, target, history.Interactions[count - heldOutFromEnd].At));
        }

        var ordered = replay.OrderBy(e => e.Event.At).ThenBy(e => e.User).ThenBy(e => e.Position).Select(e => e.Event).ToList();
        return new LeaveLastOutSplit(ordered, targets, skipped);
    }
}
