namespace Nebula.Hosting.Embedded;

/// <summary>
/// A Kafka-protocol broker for development: librdkafka's mock cluster in a process of its own (Nebula.EmbeddedKafka).
/// Clients bootstrap through a fixed loopback port, so its address stays the same when the process restarts.
/// </summary>
public sealed class EmbeddedKafkaResource(string name, string workingDirectory)
    : ExecutableResource(name, "dotnet", workingDirectory), IResourceWithConnectionString
{
    /// <summary>The server's settings section, in the AppHost's configuration and in the server's.</summary>
    public const string SettingsSection = "Nebula:EmbeddedKafka";

    internal const string EndpointName = "tcp";

    private readonly Dictionary<string, int> _topics = new(StringComparer.Ordinal);

    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>Topics created when the broker starts, with their partition counts (the mock creates none on demand).</summary>
    public IReadOnlyDictionary<string, int> Topics => _topics;

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions at every start of the broker.</summary>
    public void AddTopic(string topic, int partitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _topics[topic] = partitions;
    }

    /// <summary>The bootstrap address, <c>127.0.0.1:port</c>, as for any Kafka resource.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}
