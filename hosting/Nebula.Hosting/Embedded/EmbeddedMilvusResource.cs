namespace Nebula.Hosting.Embedded;

/// <summary>
/// A Milvus-REST-v2-compatible vector service for development, in a process of its own (Nebula.VectorService):
/// the endpoints Nebula uses, HNSW through USearch, rows and index persisted under <see cref="DataDirectory"/>.
/// </summary>
public sealed class EmbeddedMilvusResource(string name, string dataDirectory, ParameterResource password, string workingDirectory)
    : ExecutableResource(name, "dotnet", workingDirectory), IMilvusServerResource
{
    /// <summary>The server's settings section, in the AppHost's configuration and in the server's.</summary>
    public const string SettingsSection = "Nebula:EmbeddedMilvus";

    internal const string EndpointName = "http";

    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>Where the collections (row logs, index snapshots) are kept between runs.</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>The root password: a call sends <c>Authorization: Bearer root:&lt;password&gt;</c>, or a user's own, as Milvus wants.</summary>
    public ParameterResource Password { get; } = password;

    /// <summary>The bearer token, <c>root:&lt;password&gt;</c>.</summary>
    public ReferenceExpression Token => ReferenceExpression.Create($"root:{Password}");

    /// <summary><c>Endpoint=http://localhost:port;Key=root:password</c>, the same shape as the Milvus container's.</summary>
    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor("root", Password);

    public ReferenceExpression ConnectionStringFor(string userName, ParameterResource password) =>
        ReferenceExpression.Create($"Endpoint={Endpoint.Property(EndpointProperty.Url)};Key={userName}:{password}");
}
