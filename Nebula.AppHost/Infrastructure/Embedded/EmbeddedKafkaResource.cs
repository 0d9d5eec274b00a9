namespace Nebula.AppHost.Infrastructure.Embedded;

/// <summary>A Kafka-protocol broker inside the AppHost process: librdkafka's mock cluster.</summary>
public sealed class EmbeddedKafkaResource(string name) : Resource(name), IResourceWithConnectionString
{
    internal RuntimeValue BootstrapServers { get; } = new($"{{{name}.bootstrapServers}}");

    /// <summary>Topics created when the cluster starts, with their partition counts.</summary>
    internal Dictionary<string, int> Topics { get; } = [];

    /// <summary>The connection string is the bootstrap list, as for any Kafka resource.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{BootstrapServers}");
}
