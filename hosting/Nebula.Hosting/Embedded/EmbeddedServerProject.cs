using System.Reflection;

namespace Nebula.Hosting.Embedded;

/// <summary>
/// Where an embedded server's project is: recorded in this assembly at build time (Nebula.Hosting.csproj), and built
/// with it, so that the AppHost runs it like any of its own projects, without building it again.
/// </summary>
internal sealed class EmbeddedServerProject(string projectName) : IProjectMetadata
{
    public const string Kafka = "Nebula.EmbeddedKafka";
    public const string Redis = "Nebula.EmbeddedRedis";
    public const string VectorService = "Nebula.VectorService";

    public string ProjectPath { get; } = typeof(EmbeddedServerProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .SingleOrDefault(attribute => attribute.Key == projectName)?.Value
        ?? throw new InvalidOperationException($"Nebula.Hosting was built without the path of {projectName}.");

    public bool SuppressBuild => true;
}
