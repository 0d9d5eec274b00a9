namespace Nebula.Hosting.Containers;

/// <summary>
/// A Redpanda broker in dev-container mode. It listens twice: <c>kafka</c> for processes on the host
/// (advertised as localhost and the published port) and <c>internal</c> for other containers
/// (advertised as the resource name on the container network).
/// </summary>
public sealed class RedpandaResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string KafkaEndpointName = "kafka";
    internal const string InternalEndpointName = "internal";
    internal const string AdminEndpointName = "admin";
    internal const int KafkaTargetPort = 9092;
    internal const int InternalTargetPort = 29092;
    internal const int AdminTargetPort = 9644;
    internal const string DataPath = "/var/lib/redpanda/data";

    /// <summary>Pinned to the host network so that it resolves to the published port even for containers.</summary>
    public EndpointReference KafkaEndpoint => new(this, KafkaEndpointName, KnownNetworkIdentifiers.LocalhostNetwork);

    public EndpointReference InternalEndpoint => new(this, InternalEndpointName, KnownNetworkIdentifiers.DefaultAspireContainerNetwork);

    public EndpointReference AdminEndpoint => new(this, AdminEndpointName);

    /// <summary>The bootstrap address, <c>host:port</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{KafkaEndpoint.Property(EndpointProperty.HostAndPort)}");
}
