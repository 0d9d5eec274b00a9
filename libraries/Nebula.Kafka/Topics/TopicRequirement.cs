namespace Nebula.Kafka.Topics;

/// <summary>A topic the application needs, as it would create it.</summary>
public sealed record TopicRequirement(string Name, int Partitions, short ReplicationFactor, TimeSpan? Retention);
