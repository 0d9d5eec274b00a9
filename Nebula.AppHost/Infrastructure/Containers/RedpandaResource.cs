namespace Nebula.AppHost.Infrastructure.Containers;

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

    /// <summary>Pinned to the host network so that it resolves to the published port even for containers.</summary>
    public EndpointReference KafkaEndpoint => new(this, KafkaEndpointName, KnownNetworkIdentifiers.LocalhostNetwork);

    public EndpointReference InternalEndpoint => new(this, InternalEndpointName, KnownNetworkIdentifiers.DefaultAspireContainerNetwork);

    public EndpointReference AdminEndpoint => new(this, AdminEndpointName);

    /// <summary>The bootstrap address, <c>host:port</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{KafkaEndpoint.Property(EndpointProperty.HostAndPort)}");
}

internal static class RedpandaContainerImageTags
{
    public const string Registry = "docker.redpanda.com";
    public const string Image = "redpandadata/redpanda";
    public const string Tag = "v24.3.1";
    public const string ConsoleImage = "redpandadata/console";
    public const string ConsoleTag = "v2.7.2";
    public const int ConsoleTargetPort = 8080;
}
