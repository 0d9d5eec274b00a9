namespace Nebula.Testing;

/// <summary>Files of the real data sets in <c>shared/data</c>; a test that needs one is skipped, naming the folder, where it is absent.</summary>
internal static class SharedData
{
    public static string Path(params string[] parts)
    {
        var root = RepositoryPaths.SharedData;
        Assert.SkipWhen(root is null,
            $"The shared data folder is absent: expected 'shared/data' beside the repository or a folder named by {RepositoryPaths.SharedDataVariable}.");
        return System.IO.Path.Combine([root!, .. parts]);
    }
}
