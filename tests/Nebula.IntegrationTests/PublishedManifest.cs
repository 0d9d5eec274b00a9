using System.Text.Json;

namespace Nebula.IntegrationTests;

/// <summary>
/// <c>dotnet run --project Nebula.AppHost -- --publisher manifest</c>, run for real once for the class: it
/// must work with no container runtime.
/// </summary>
public class PublishedManifest : IAsyncLifetime
{
    private readonly string _outputDirectory = Directory.CreateTempSubdirectory("nebula-manifest-").FullName;

    public Dictionary<string, JsonElement> Resources { get; private set; } = [];

    public string StandardError { get; private set; } = "";

    /// <summary>AppHost arguments after the publishing ones.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public async ValueTask InitializeAsync()
    {
        var (exitCode, output, error) = await ExternalTool.RunAsync(
            "dotnet",
            RepositoryPaths.Root,
            // Build servers outlive the command and would hold its output pipes open.
            new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" },
            [
                "run", "--no-build", "--configuration", BuildConfiguration, "--no-launch-profile",
                "--project", Path.Combine(RepositoryPaths.Root, "Nebula.AppHost"),
                "--", "--publisher", "manifest", "--output-path", _outputDirectory,
                .. ExtraArguments,
            ]);
        StandardError = error;
        Assert.True(exitCode == 0, $"Publishing failed ({exitCode}):\n{output}\n{StandardError}");

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(_outputDirectory, "aspire-manifest.json"), TestContext.Current.CancellationToken));
        Resources = manifest.RootElement.GetProperty("resources").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_outputDirectory, recursive: true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif
}
