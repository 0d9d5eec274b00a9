using System.Text.Json;

namespace Nebula.IntegrationTests.Deployment;

/// <summary>The manifest that aspirate's checked-in output was generated from is the one the AppHost publishes today.</summary>
public sealed class CheckedInManifestTests(PublishedManifest published) : IClassFixture<PublishedManifest>
{
    [Fact]
    public async Task The_checked_in_manifest_is_the_one_the_AppHost_publishes_so_the_generated_deployment_is_current()
    {
        using var checkedIn = JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(RenderedDeployment.Folder, "aspire-manifest.json"), TestContext.Current.CancellationToken));
        var expected = checkedIn.RootElement.GetProperty("resources").EnumerateObject().ToDictionary(p => p.Name, p => Comparable(p.Value));

        var actual = published.Resources.ToDictionary(p => p.Key, p => Comparable(p.Value));

        // When this fails, run deploy/kubernetes/generate.sh and commit what it writes.
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, actual[e.Key]));
    }

    /// <summary>The resource as text, without its project path (relative to wherever the manifest was written).</summary>
    private static string Comparable(JsonElement resource) =>
        JsonSerializer.Serialize(resource.EnumerateObject().Where(p => p.Name != "path").ToDictionary(p => p.Name, p => p.Value));
}
