using Microsoft.Extensions.Options;
using Nebula.Api;
using Nebula.Api.Services;
using Nebula.Catalog.Reading;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;
using Nebula.Milvus;
using Nebula.VectorService;

namespace Nebula.IntegrationTests;

/// <summary>The Api's catalogue cache against a vector service of its own: it follows the Embedder's collection swaps.</summary>
public sealed class ItemCatalogTests : IAsyncLifetime
{
    private const string Token = "root:catalog-test";
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _directory = Directory.CreateTempSubdirectory("nebula-catalog-cache-").FullName;
    private VectorServer _server = null!;
    private MilvusClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = _directory, Token = Token }, CancellationToken.None);
        _client = new MilvusClient(new MilvusClientSettings { Endpoint = _server.Endpoint, Key = Token });
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task An_item_dropped_by_a_recreated_catalogue_is_unknown_once_the_alias_moves()
    {
        await CreateCatalogAsync("items_first", "KEPT", "DROPPED");
        await _client.CreateAliasAsync("items", "items_first", TestContext.Current.CancellationToken);
        using var catalog = new ItemCatalog(
            _client,
            Options.Create(new ItemsCollectionOptions()),
            Options.Create(new ApiOptions { CatalogCheckInterval = CheckInterval, ItemCacheLifetime = TimeSpan.FromHours(1) }),
            TimeProvider.System);
        Assert.NotNull(await catalog.FindAsync("DROPPED", TestContext.Current.CancellationToken));

        await CreateCatalogAsync("items_second", "KEPT");
        await _client.AlterAliasAsync("items", "items_second", TestContext.Current.CancellationToken);
        await Task.Delay(CheckInterval + TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);

        Assert.Null(await catalog.FindAsync("DROPPED", TestContext.Current.CancellationToken));
        Assert.NotNull(await catalog.FindAsync("KEPT", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unknown_item_is_found_once_it_is_added_and_the_short_negative_entry_expires()
    {
        await CreateCatalogAsync("items_growing", "FIRST");
        await _client.CreateAliasAsync("items", "items_growing", TestContext.Current.CancellationToken);
        using var catalog = new ItemCatalog(
            _client,
            Options.Create(new ItemsCollectionOptions()),
            Options.Create(new ApiOptions { UnknownItemCacheLifetime = CheckInterval }),
            TimeProvider.System);
        Assert.Null(await catalog.FindAsync("LATER", TestContext.Current.CancellationToken));

        await _client.UpsertAsync("items_growing", [Row("LATER")], TestContext.Current.CancellationToken);
        await Task.Delay(CheckInterval + TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);

        Assert.Equal("Item LATER", (await catalog.FindAsync("LATER", TestContext.Current.CancellationToken))?.Title);
    }

    private async Task CreateCatalogAsync(string collection, params string[] itemIds)
    {
        await _client.CreateCollectionAsync(collection, ItemsSchema.Schema(), [ItemsSchema.VectorIndex(new ItemsCollectionOptions())], TestContext.Current.CancellationToken);
        await _client.UpsertAsync(collection, [.. itemIds.Select(Row)], TestContext.Current.CancellationToken);
        await _client.LoadAndWaitAsync(collection, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    private static ItemRow Row(string itemId)
    {
        var vector = new float[ItemFields.VectorDimensions];
        vector[itemId.Length % vector.Length] = 1;
        return ItemsSchema.ToRow(new CatalogItem(itemId, $"Item {itemId}", null, [], null, null, null), vector, "test");
    }
}
