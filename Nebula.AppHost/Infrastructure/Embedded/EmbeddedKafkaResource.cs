namespace Nebula.AppHost.Infrastructure.Embedded;

/// <summary>A Kafka-protocol broker inside the AppHost process: librdkafka's mock cluster.</summary>
public sealed class EmbeddedKafkaResource(string name) : Resource(name), IResourceWithConnectionString
{
    internal RuntimeValue BootstrapServers { get; } = new($"{{{name}.bootstrapServers}}");

    private readonly Dictionary<string, int> _topics = [];

    /// <summary>Topics created when the cluster starts, with their partition counts.</summary>
    public IReadOnlyDictionary<string, int> Topics => _topics;

    internal void AddTopic(string topic, int partitions) => _topics[topic] = partitions;

    /// <summary>The connection string is the bootstrap list, as for any Kafka resource.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{BootstrapServers}");
}
