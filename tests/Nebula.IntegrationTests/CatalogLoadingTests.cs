using Aspire.Hosting.ApplicationModel;
using Nebula.Catalog.Embeddings;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.IntegrationTests;

/// <summary>The AppHost's first start loads the built-in demo catalogue into the embedded vector service.</summary>
public sealed class CatalogLoadingTests(EmbeddedAppHostFixture fixture) : IDisposable
{
    private const int DemoCatalogItems = 4385;
    private MilvusClient? _client;

    private async Task<MilvusClient> ClientAsync()
    {
        if (_client is null)
        {
            var settings = new MilvusClientSettings();
            settings.ParseConnectionString(await fixture.ConnectionStringAsync("milvus"));
            _client = new MilvusClient(settings);
        }

        return _client;
    }

    [Fact]
    public void The_embedder_runs_to_completion_with_exit_code_zero()
    {
        Assert.Equal(KnownResourceStates.Finished, fixture.EmbedderExit.Snapshot.State?.Text);
        Assert.Equal(0, fixture.EmbedderExit.Snapshot.ExitCode);
    }

    [Fact]
    public async Task The_items_alias_holds_every_demo_catalogue_item()
    {
        var client = await ClientAsync();

        Assert.Equal(DemoCatalogItems, await client.GetRowCountAsync("items", TestContext.Current.CancellationToken));
        Assert.StartsWith("items_", await client.DescribeAliasAsync("items", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_items_carry_title_brand_categories_and_text_hash()
    {
        var client = await ClientAsync();

        var row = Assert.Single(await client.GetAsync("items", ["B0000223SI"], ItemFields.ScalarFields, TestContext.Current.CancellationToken));

        Assert.Equal("PORTER-CABLE 740000801 4 1/2-Inch x 10yd 80 Grit Adhesive-Backed Sanding Roll", row.GetProperty(ItemFields.Title).GetString());
        Assert.Equal("PORTER-CABLE", row.GetProperty(ItemFields.Brand).GetString());
        Assert.Equal(1, row.GetProperty(ItemFields.Categories).GetArrayLength());
        Assert.Equal(24, row.GetProperty(ItemFields.TextHash).GetString()!.Length);
    }

    [Fact]
    public async Task Searching_for_the_vector_of_cordless_drill_returns_drills_or_tools_among_the_first_five()
    {
        var client = await ClientAsync();
        using var model = new TextEmbeddingModel(new EmbeddingModelOptions());

        var hits = (await client.SearchAsync("items", [model.Embed("cordless drill")],
            new MilvusSearchRequest { AnnsField = ItemFields.Vector, Limit = 5, OutputFields = [ItemFields.Title, ItemFields.Categories] },
            TestContext.Current.CancellationToken))[0];

        Assert.Equal(5, hits.Count);
        var texts = hits.Select(h => $"{h.GetString(ItemFields.Title)} {h.Entity.GetProperty(ItemFields.Categories)}").ToList();
        Assert.Contains(texts, t => t.Contains("drill", StringComparison.OrdinalIgnoreCase) || t.Contains("Power & Hand Tools", StringComparison.Ordinal));
    }

    public void Dispose() => _client?.Dispose();
}
