namespace Nebula.Hosting.Embedded;

/// <summary>A Redis-protocol server for development: Microsoft Garnet in a process of its own (Nebula.EmbeddedRedis).</summary>
public sealed class EmbeddedRedisResource(string name, string dataDirectory, string workingDirectory)
    : ExecutableResource(name, "dotnet", workingDirectory), IResourceWithConnectionString
{
    /// <summary>The server's settings section, in the AppHost's configuration and in the server's.</summary>
    public const string SettingsSection = "Nebula:EmbeddedRedis";

    internal const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>Where Garnet keeps its append-only file between runs.</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>A StackExchange.Redis configuration string: <c>127.0.0.1:port</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}
