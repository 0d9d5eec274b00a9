namespace Nebula.Hosting.Containers;

/// <summary>
/// Milvus standalone with embedded etcd and local storage. Nebula talks to its REST API (v2) on the
/// <c>http</c> endpoint; <c>metrics</c> serves <c>/healthz</c>.
/// </summary>
public sealed class MilvusResource(string name, ParameterResource rootPassword) : ContainerResource(name), IMilvusServerResource
{
    internal const string HttpEndpointName = "http";
    internal const string MetricsEndpointName = "metrics";
    internal const int HttpTargetPort = 19530;
    internal const int MetricsTargetPort = 9091;
    internal const string DataPath = "/var/lib/milvus";

    public ParameterResource RootPassword { get; } = rootPassword;

    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);

    /// <summary>Milvus' token for the root user, <c>root:&lt;password&gt;</c>.</summary>
    public ReferenceExpression Token => ReferenceExpression.Create($"root:{RootPassword}");

    /// <summary><c>Endpoint=http://host:port;Key=root:password</c>, the shape Aspire's Milvus client reads.</summary>
    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor("root", RootPassword);

    public ReferenceExpression ConnectionStringFor(string userName, ParameterResource password) =>
        ReferenceExpression.Create($"Endpoint={HttpEndpoint.Property(EndpointProperty.Url)};Key={userName}:{password}");
}
