namespace Nebula.StreamWorker.Pipeline;

/// <summary>What happened to a batch's events.</summary>
public sealed record BatchOutcome(int Applied, int Replayed, int DeadLettered);
