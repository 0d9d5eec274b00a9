using Nebula.Evaluator.Data;

namespace Nebula.Evaluator.Protocol;

/// <summary>
/// What a split (<see cref="SplitKind"/>) replays and ranks. Leave-last-out: each user's held-out item
/// (<see cref="Targets"/>), ranked after every history before the held-out items has been replayed in one global
/// order (by time, then the users' order in the data, then position), so that signals learnt across users are
/// there. Global temporal: every event before the cut is replayed, then each event of the period after it
/// (<see cref="Stream"/>) is ranked for its user and then observed, in time order, as a live system meets them.
/// Events on items without a vector are dropped, as the worker dead-letters them.
/// </summary>
public sealed class EvaluationSplit
{
    /// <summary>The share of the events before the global temporal test split's cut.</summary>
    public const double TemporalTestCut = 0.9;

    /// <summary>The share of the events before the global temporal validation split's cut.</summary>
    public const double TemporalValidationCut = 0.8;

    private EvaluationSplit(IReadOnlyList<ReplayEvent> replay, IReadOnlyList<HeldOut> targets, IReadOnlyList<StreamedEvent> stream, int skipped)
    {
        Replay = replay;
        Targets = targets;
        Stream = stream;
        Skipped = skipped;
    }

    public IReadOnlyList<ReplayEvent> Replay { get; }

    /// <summary>Leave-last-out's held-out items (none in a temporal split).</summary>
    public IReadOnlyList<HeldOut> Targets { get; }

    /// <summary>A temporal split's period, in time order (none in leave-last-out).</summary>
    public IReadOnlyList<StreamedEvent> Stream { get; }

    /// <summary>What is ranked: held-out items, or the period's events that have a history before them.</summary>
    public int Evaluated => Targets.Count + Stream.Count(e => e.Ranked);

    /// <summary>
    /// Leave-last-out: users without a history before the target, or whose target has no vector. Temporal: the
    /// period's events that are their user's first known one (not ranked, but observed).
    /// </summary>
    public int Skipped { get; }

    public static EvaluationSplit Build(InteractionDataset dataset, ItemVectors vectors, SplitKind kind)
    {
        if (!kind.IsTemporal())
        {
            return LeaveLastOut(dataset, vectors, kind);
        }

        return dataset.HasTimestamps
            ? GlobalTemporal(dataset, vectors, kind)
            : throw new ArgumentException($"{dataset.Name} has no timestamps, so it has no global temporal split.", nameof(kind));
    }

    private static EvaluationSplit LeaveLastOut(InteractionDataset dataset, ItemVectors vectors, SplitKind kind)
    {
        var replay = new List<Entry>();
        var targets = new List<HeldOut>();
        var skipped = 0;
        for (var user = 0; user < dataset.Users.Count; user++)
        {
            var history = dataset.Users[user];
            var target = history.Interactions.Count - (kind == SplitKind.Test ? 1 : 2);
            if (target <= 0 || !vectors.TryGetIndex(history.Interactions[target].ItemId, out var targetItem))
            {
                skipped++;
                continue;
            }

            var replayed = replay.Count;
            for (var position = 0; position < target; position++)
            {
                AddIfKnown(replay, dataset, vectors, user, position);
            }

            if (replay.Count == replayed)
            {
                skipped++;
                continue;
            }

            targets.Add(new HeldOut(history.UserId, targetItem, history.Interactions[target].At));
        }

        return new EvaluationSplit(InOrder(replay), targets, [], skipped);
    }

    private static EvaluationSplit GlobalTemporal(InteractionDataset dataset, ItemVectors vectors, SplitKind kind)
    {
        var (from, before) = Cuts(dataset, kind);
        var replay = new List<Entry>();
        var period = new List<Entry>();
        for (var user = 0; user < dataset.Users.Count; user++)
        {
            var interactions = dataset.Users[user].Interactions;
            // A history is oldest first: its events from the period's end on are all later.
            for (var position = 0; position < interactions.Count && interactions[position].At < before; position++)
            {
                AddIfKnown(interactions[position].At < from ? replay : period, dataset, vectors, user, position);
            }
        }

        var ordered = InOrder(replay);
        var known = ordered.Select(e => e.UserId).ToHashSet(StringComparer.Ordinal);
        var stream = new List<StreamedEvent>(period.Count);
        var skipped = 0;
        foreach (var streamed in InOrder(period))
        {
            // A user's first known event has nothing to rank from: it is observed, and counted as skipped.
            var ranked = !known.Add(streamed.UserId);
            skipped += ranked ? 0 : 1;
            stream.Add(new StreamedEvent(streamed, ranked));
        }

        return new EvaluationSplit(ordered, [], stream, skipped);
    }

    /// <summary>Adds the user's interaction at <paramref name="position"/> unless its item has no vector (the worker dead-letters those).</summary>
    private static void AddIfKnown(List<Entry> events, InteractionDataset dataset, ItemVectors vectors, int user, int position)
    {
        var history = dataset.Users[user];
        var interaction = history.Interactions[position];
        if (vectors.TryGetIndex(interaction.ItemId, out var item))
        {
            events.Add(new Entry(new ReplayEvent(history.UserId, item, interaction.At, interaction.Type), user, position));
        }
    }

    private static List<ReplayEvent> InOrder(List<Entry> events) =>
        [.. events.OrderBy(e => e.Event.At).ThenBy(e => e.User).ThenBy(e => e.Position).Select(e => e.Event)];

    /// <summary>An event with what orders ties: the user's place in the data and the event's in the user's history.</summary>
    private readonly record struct Entry(ReplayEvent Event, int User, int Position);

    /// <summary>
    /// The temporal split's period: events before its start are replayed, and those in it are ranked and observed.
    /// Validation's period ends at the test's cut, so it never sees the test's events.
    /// </summary>
    private static (DateTimeOffset From, DateTimeOffset Before) Cuts(InteractionDataset dataset, SplitKind kind)
    {
        var times = dataset.Users.SelectMany(user => user.Interactions.Select(interaction => interaction.At)).Order().ToArray();
        DateTimeOffset At(double share) => times.Length == 0 ? DateTimeOffset.MaxValue : times[Math.Min(times.Length - 1, (int)(times.Length * share))];
        return kind == SplitKind.TemporalTest
            ? (At(TemporalTestCut), DateTimeOffset.MaxValue)
            : (At(TemporalValidationCut), At(TemporalTestCut));
    }
}
