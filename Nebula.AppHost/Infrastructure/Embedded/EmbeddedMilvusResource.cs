namespace Nebula.AppHost.Infrastructure.Embedded;

/// <summary>A Milvus-REST-v2-compatible vector service inside the AppHost process (see VectorService/).</summary>
public sealed class EmbeddedMilvusResource(string name, string dataDirectory, ParameterResource token) : Resource(name), IResourceWithConnectionString
{
    internal RuntimeValue Endpoint { get; } = new($"{{{name}.endpoint}}");

    /// <summary>Where the collections (row logs, index snapshots) are kept between runs.</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>The bearer token every call must send, as <c>root:password</c> like Milvus'.</summary>
    public ParameterResource Token { get; } = token;

    /// <summary><c>Endpoint=http://127.0.0.1:port;Key=root:password</c>, the same shape as the Milvus container's.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"Endpoint={Endpoint};Key=root:{Token}");
}
