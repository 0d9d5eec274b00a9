using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Nebula.Core.Contracts;
using Nebula.Milvus;
using Nebula.VectorService;

namespace Nebula.IntegrationTests.Shop;

/// <summary>
/// A catalogue with categories, brands and prices (the real Gift Cards file: the demo catalogue has no prices) in a
/// vector service of its own, loaded by the built Embedder; an Api and a worker hosted in the test against it, a
/// Garnet of their own and a topic of their own; and one shopper whose list the worker has written. Purchases are
/// repeatable here (<c>RepeatableEventTypes</c>), as in a shop of consumables; the filter tests' shopper only views.
/// </summary>
public sealed class ShopCatalog(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private const string Token = "root:filter-test";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _directory = Directory.CreateTempSubdirectory("nebula-filters-").FullName;
    private VectorServer? _vectors;
    private GarnetProcess? _garnet;
    private IHost? _worker;
    private WebApplication? _api;

    public PipelineDriver Driver { get; private set; } = null!;

    /// <summary>Every item of the catalogue, by id.</summary>
    public IReadOnlyDictionary<string, CatalogRow> Items { get; private set; } = null!;

    /// <summary>A shopper with a profile and a stored list.</summary>
    public string Shopper { get; } = PipelineDriver.NewUser("filter-shopper");

    /// <summary>The items the shopper touched (never recommended back).</summary>
    public IReadOnlyList<string> Seen { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        _vectors = await VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = Path.Combine(_directory, "milvus"), Token = Token }, CancellationToken.None);
        var milvus = $"Endpoint={_vectors.Endpoint};Key={Token}";
        var load = await EmbedderProcess.RunAsync(milvus, "--catalog", SharedData.Path("amazon2018-gift-cards", "meta_Gift_Cards.json.gz"));
        if (load.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Embedder failed:\n{load.Output}");
        }

        _garnet = await GarnetProcess.StartAsync(Path.Combine(_directory, "garnet"));
        var settings = await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["ConnectionStrings:milvus"] = milvus,
            ["ConnectionStrings:redis"] = _garnet.ConnectionString,
            ["Nebula:Api:Topic"] = EmbeddedAppHostFixture.FilterTopic,
            ["Nebula:StreamWorker:Topic"] = EmbeddedAppHostFixture.FilterTopic,
            ["Nebula:StreamWorker:DeadLetterTopic"] = EmbeddedAppHostFixture.FilterDeadLetterTopic,
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = "nebula-filter-test",
            ["Nebula:Recommendations:RepeatableEventTypes:0"] = "purchase",
        });
        _worker = await InProcessServices.StartWorkerAsync(_directory, settings);
        _api = await InProcessServices.StartApiAsync(_directory, settings);
        Driver = await PipelineDriver.ConnectAsync(TestApiKeys.Client(_api.Urls.First()), milvus, _garnet.ConnectionString);

        using var client = new MilvusClient(new MilvusClientSettings { Endpoint = _vectors.Endpoint, Key = Token });
        var rows = await client.QueryAsync("items", MilvusFilter.NotEqual(ItemFields.ItemId, ""), ItemFields.ScalarFields, 16_384, cancellationToken: CancellationToken.None);
        Items = rows.Select(CatalogRow.From).ToDictionary(row => row.ItemId, StringComparer.Ordinal);

        // A shopper of Amazon cards, so that the stored list holds few accessories and no other brand's cheap cards:
        // the filters below must reach past it.
        Seen = [.. Items.Values.Where(i => i.Brand == "Amazon" && i.Price is not null).Select(i => i.ItemId).Order(StringComparer.Ordinal).Take(3)];
        foreach (var item in Seen)
        {
            (await Driver.PostInteractionAsync(Shopper, item, "view")).EnsureSuccessStatusCode();
        }

        await Driver.WaitForProfileAsync(Shopper, Seen.Count, Patience);
        await Driver.WaitForRecommendationsAsync(Shopper, r => PipelineDriver.Source(r) == "personalized" && r.GetProperty("eventId").ValueKind != JsonValueKind.Null, Patience);
    }

    public async ValueTask DisposeAsync()
    {
        if (Driver is not null)
        {
            await Driver.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.StopAsync(CancellationToken.None);
            await _api.DisposeAsync();
        }

        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
        }

        if (_garnet is not null)
        {
            await _garnet.DisposeAsync();
        }

        _vectors?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
