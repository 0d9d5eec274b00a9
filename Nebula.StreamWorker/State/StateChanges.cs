using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.StreamWorker.State;

/// <summary>
/// Everything a batch changes, written to Redis at once; transitions summed per link (<see cref="ItemTransitions.SumByLink"/>).
/// The write happens only if every partition's applied offset is still <see cref="ExpectedOffsets"/> (null: none recorded),
/// and the forget counter is still <see cref="ForgetGeneration"/> (null: absent) as read.
/// </summary>
public sealed record StateChanges(
    string Topic,
    IReadOnlyDictionary<string, TasteProfile> Profiles,
    IReadOnlyDictionary<string, RecommendationList?> Lists,
    IReadOnlyDictionary<string, double> PopularityIncrements,
    IReadOnlyDictionary<string, Dictionary<string, double>> Transitions,
    int TransitionsKept,
    IReadOnlyDictionary<int, long> AppliedOffsets,
    IReadOnlyDictionary<int, long?> ExpectedOffsets,
    IReadOnlyList<InteractionEvent> AppliedEvents,
    TimeSpan AppliedEventWindow,
    IReadOnlyList<PendingDeadLetter> DeadLetters,
    long? ForgetGeneration);
