namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// What the consume loop knows that a batch must respect: events that failed the batch too often and are to be
/// dead-lettered (partition, offset → reason), and where each partition's log now starts when events were found lost
/// below it (so that the gap is not read again forever).
/// </summary>
public sealed record BatchContext(IReadOnlyDictionary<(int Partition, long Offset), string> Poisoned, IReadOnlyDictionary<int, long> LogStarts)
{
    public static readonly BatchContext None = new(new Dictionary<(int, long), string>(), new Dictionary<int, long>());
}
