using System.Reflection;

namespace Nebula.Hosting.Embedded;

/// <summary>
/// Where an embedded server's program is: recorded in this assembly when it is built (Nebula.Hosting.csproj builds the
/// servers first), so that the AppHost runs it as <c>dotnet &lt;server&gt;.dll</c> from its own output folder.
/// </summary>
internal sealed class EmbeddedServerProgram
{
    public static EmbeddedServerProgram Kafka { get; } = new("Nebula.EmbeddedKafka");

    public static EmbeddedServerProgram Redis { get; } = new("Nebula.EmbeddedRedis");

    public static EmbeddedServerProgram VectorService { get; } = new("Nebula.VectorService");

    private EmbeddedServerProgram(string name)
    {
        Path = typeof(EmbeddedServerProgram).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == name)?.Value
            ?? throw new InvalidOperationException($"Nebula.Hosting was built without the path of {name}.");
    }

    /// <summary>The server's assembly, <c>…/bin/&lt;configuration&gt;/net10.0/&lt;server&gt;.dll</c>.</summary>
    public string Path { get; }

    /// <summary>Its folder: the working directory, where its settings file is.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;
}
