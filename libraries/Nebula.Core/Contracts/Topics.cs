namespace Nebula.Core.Contracts;

/// <summary>Kafka topics of the interaction pipeline. The Api and the StreamWorker create them at start when missing.</summary>
public static class Topics
{
    /// <summary>Interaction events, keyed by user id so that one user's events stay in order.</summary>
    public const string Interactions = "interactions";

    /// <summary>
    /// Partitions of <see cref="Interactions"/> when it is created (the services' <c>Nebula:Topics:Partitions</c> default,
    /// and what the AppHost gives the embedded broker, which cannot create topics on request): the upper bound on
    /// stream-worker replicas that consume in parallel.
    /// </summary>
    public const int InteractionsPartitions = 8;

    /// <summary>Events that could not be processed, with the reason in a header.</summary>
    public const string InteractionsDeadLetter = "interactions.dlq";
}
