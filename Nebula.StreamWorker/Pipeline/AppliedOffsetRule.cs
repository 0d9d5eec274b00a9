namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// Redis's applied offset is the source of truth for progress. Offsets in a partition are consecutive (the producers
/// are not transactional), so a batch whose first event of a partition lies beyond the next unapplied offset means
/// Redis lost writes that Kafka's committed offset had already passed; those events must be read again.
/// </summary>
public static class AppliedOffsetRule
{
    /// <summary>
    /// The offset to read the partition again from, or null when <paramref name="firstOffset"/> follows what was applied
    /// (or is a replay of it), or nothing was recorded (Kafka's committed offset is then trusted).
    /// </summary>
    /// <param name="logStart">Where the partition's log starts, once events below it were found lost (retention).</param>
    public static long? ReplayFrom(long? applied, long firstOffset, long? logStart)
    {
        if (applied is not { } last)
        {
            return null;
        }

        var next = Math.Max(last + 1, logStart ?? 0);
        return firstOffset > next ? next : null;
    }
}
