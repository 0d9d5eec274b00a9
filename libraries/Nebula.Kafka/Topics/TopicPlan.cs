namespace Nebula.Kafka.Topics;

/// <summary>The topics to create, and those found (left as they are).</summary>
public sealed record TopicPlan(IReadOnlyList<TopicRequirement> ToCreate, IReadOnlyList<TopicFinding> Found);
