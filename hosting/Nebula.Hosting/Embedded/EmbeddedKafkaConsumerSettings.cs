namespace Nebula.Hosting.Embedded;

/// <summary>The consumer settings a client of the embedded broker needs (see <see cref="EmbeddedKafkaBuilderExtensions.WithEmbeddedKafkaConsumerSettings"/>).</summary>
public static class EmbeddedKafkaConsumerSettings
{
    /// <summary>Kafka's smallest session timeout by default (group.min.session.timeout.ms).</summary>
    public const int SessionTimeoutMs = 6000;

    public const int HeartbeatIntervalMs = 2000;

    /// <summary>Longest wait of a fetch on an empty partition.</summary>
    public const int FetchWaitMaxMs = 10;

    /// <summary>Each setting by its Confluent.Kafka property name.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> All { get; } =
    [
        new("SessionTimeoutMs", SessionTimeoutMs),
        new("HeartbeatIntervalMs", HeartbeatIntervalMs),
        new("FetchWaitMaxMs", FetchWaitMaxMs),
    ];
}
