namespace Nebula.Kafka.Topics;

/// <summary>What the broker has for a required topic that already exists, and whether it differs from the settings.</summary>
public sealed record TopicFinding(TopicRequirement Requirement, int Partitions)
{
    public bool PartitionsDiffer => Partitions != Requirement.Partitions;
}
