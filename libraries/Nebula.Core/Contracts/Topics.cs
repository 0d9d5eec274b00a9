namespace Nebula.Core.Contracts;

/// <summary>Kafka topics of the interaction pipeline.</summary>
public static class Topics
{
    /// <summary>Interaction events, keyed by user id so that one user's events stay in order.</summary>
    public const string Interactions = "interactions";

    /// <summary>
    /// Partitions of <see cref="Interactions"/> where the AppHost creates the topic itself (embedded mode):
    /// the upper bound on stream-worker replicas that consume in parallel.
    /// </summary>
    public const int InteractionsPartitions = 8;

    /// <summary>Events that could not be processed, with the reason in a header.</summary>
    public const string InteractionsDeadLetter = "interactions.dlq";
}
