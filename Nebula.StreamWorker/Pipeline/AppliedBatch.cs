using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// A batch applied to the state in memory: the events not applied before (in offset order), each user's new profile,
/// the transitions and popularity the events add, the item vectors they needed, the offsets already applied per
/// partition, how many events were replays or duplicates or of forgotten users (dropped), every dead letter so far, the
/// partitions left alone because Redis lost some of their events (partition → offset to read again from;
/// <see cref="AppliedOffsetRule"/>), and the forget counter as read.
/// </summary>
public sealed record AppliedBatch(
    DecodedBatch Decoded,
    IReadOnlyList<(int Index, InteractionEvent Event)> Fresh,
    int Replayed,
    int Duplicates,
    IReadOnlyDictionary<string, TasteProfile> Profiles,
    Dictionary<string, Dictionary<string, double>> Transitions,
    Dictionary<string, double> Popularity,
    IReadOnlyDictionary<string, float[]> ItemVectors,
    IReadOnlyDictionary<int, long> AppliedOffsets,
    IReadOnlyList<DeadLetter> DeadLetters,
    IReadOnlyDictionary<int, long> Gaps,
    int Forgotten,
    long? ForgetGeneration);
