namespace Nebula.Testing;

/// <summary>
/// Where the repository is (the folder holding Nebula.sln, above the running binaries) and the read-only
/// <c>shared/data</c> folder (beside it, or named by <c>NEBULA_SHARED_DATA</c>), for tests and tools.
/// </summary>
internal static class RepositoryPaths
{
    public const string SharedDataVariable = "NEBULA_SHARED_DATA";

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Nebula.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"Nebula.sln not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The built assembly of one of the repository's services (its folder, from the root: <c>Nebula.Api</c>, <c>hosting/Nebula.EmbeddedRedis</c>), in this build's configuration.</summary>
    public static string ServiceAssembly(string project) => Path.Combine(Root, project, "bin", Configuration, "net10.0", $"{Path.GetFileName(project)}.dll");

    /// <summary>The shared data folder, or null where there is none.</summary>
    public static string? SharedData
    {
        get
        {
            if (Environment.GetEnvironmentVariable(SharedDataVariable) is { Length: > 0 } configured)
            {
                return configured;
            }

            for (var directory = new DirectoryInfo(Root); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
