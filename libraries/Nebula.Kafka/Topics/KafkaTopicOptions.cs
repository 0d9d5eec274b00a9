using System.ComponentModel.DataAnnotations;

namespace Nebula.Kafka.Topics;

/// <summary>
/// How the application's topics are made when they are missing, section <c>Nebula:Topics</c>. An existing topic is
/// never changed: a difference from these settings is only logged.
/// </summary>
public sealed class KafkaTopicOptions
{
    public const string SectionName = "Nebula:Topics";

    /// <summary>The upper bound on consumers that share the work, so the number of stream-worker replicas worth running.</summary>
    [Range(1, 10_000)]
    public int Partitions { get; set; } = 8;

    /// <summary>Copies of each partition; -1 takes the broker's default (Kafka 2.4 and later, Redpanda, managed services).</summary>
    [Range(-1, 100)]
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>How long the broker keeps events (<c>retention.ms</c>); a worker can replay what is kept. Null takes the broker's default.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan? Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long each request to the broker may take before the start-up check tries again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Leaves the topics to whoever runs the cluster (no create permission); the check then only reports.</summary>
    public bool CreateMissing { get; set; } = true;
}
