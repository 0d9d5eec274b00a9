namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// What happened to a batch's events: applied, skipped as replays (offset already applied) or duplicates (event id
/// already applied), dropped as a forgotten user's, dead-lettered; and the partitions to read again from an earlier offset (<see cref="AppliedBatch.Gaps"/>),
/// whose events the batch left alone.
/// </summary>
public sealed record BatchOutcome(int Applied, int Replayed, int Duplicates, int DeadLettered, int Forgotten, IReadOnlyDictionary<int, long> Gaps);
