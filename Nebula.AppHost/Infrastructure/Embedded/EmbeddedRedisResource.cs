namespace Nebula.AppHost.Infrastructure.Embedded;

/// <summary>A Redis-protocol server inside the AppHost process: Microsoft Garnet.</summary>
public sealed class EmbeddedRedisResource(string name, string dataDirectory) : Resource(name), IResourceWithConnectionString
{
    internal RuntimeValue Endpoint { get; } = new($"{{{name}.endpoint}}");

    /// <summary>Where Garnet keeps its append-only file between runs.</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>A StackExchange.Redis configuration string: <c>127.0.0.1:port</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Endpoint}");
}
