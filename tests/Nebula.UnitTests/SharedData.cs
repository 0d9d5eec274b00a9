namespace Nebula.UnitTests;

/// <summary>The real data sets in the read-only ../shared/data folder beside the repository.</summary>
internal static class SharedData
{
    public static string Path(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Nebula.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.Parent?.FullName ?? throw new InvalidOperationException("Nebula.sln not found above the test binaries.");
        return System.IO.Path.Combine([root, "shared", "data", .. parts]);
    }
}
