namespace Nebula.UnitTests;

/// <summary>
/// The real data sets in the read-only <c>shared/data</c> folder beside the repository (or named by
/// <c>NEBULA_SHARED_DATA</c>). A test that needs one is skipped, naming the folder, where it is absent.
/// </summary>
internal static class SharedData
{
    public const string Variable = "NEBULA_SHARED_DATA";

    public static string Path(params string[] parts)
    {
        var root = Root();
        Assert.SkipWhen(root is null, $"The shared data folder is absent: expected 'shared/data' beside the repository or a folder named by {Variable}.");
        return System.IO.Path.Combine([root!, .. parts]);
    }

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Nebula.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Nebula.sln not found above the test binaries.");
        }
    }

    private static string? Root()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
