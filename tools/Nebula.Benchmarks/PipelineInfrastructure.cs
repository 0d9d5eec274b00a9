using System.Globalization;
using Garnet;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;
using Nebula.EmbeddedKafka;
using Nebula.EmbeddedRedis;
using Nebula.Hosting.Embedded;
using Nebula.Milvus;
using Nebula.StreamWorker.Extensions;
using Nebula.Testing;
using Nebula.VectorService;

namespace Nebula.Benchmarks;

/// <summary>
/// Embedded mode's three servers in this process (the librdkafka mock broker, Garnet, the vector service
/// holding the real demo-catalogue vectors), and stream workers hosted beside them as the worker runs.
/// </summary>
internal sealed class PipelineInfrastructure : IDisposable
{
    private const string Token = "root:benchmark";

    private readonly string _directory;
    private readonly LibrdkafkaMockCluster _kafka;
    private readonly EmbeddedRedisOptions _redisOptions;
    private GarnetServer? _redis;
    private readonly VectorServer _milvus;

    private PipelineInfrastructure(
        string directory, LibrdkafkaMockCluster kafka, EmbeddedRedisOptions redisOptions, GarnetServer? redis, string redisEndpoint, VectorServer milvus, IReadOnlyList<string> itemIds)
    {
        _directory = directory;
        _kafka = kafka;
        _redisOptions = redisOptions;
        _redis = redis;
        RedisEndpoint = redisEndpoint;
        _milvus = milvus;
        ItemIds = itemIds;
    }

    public string BootstrapServers => _kafka.BootstrapServers;

    public string RedisEndpoint { get; }

    public string MilvusConnectionString => $"Endpoint={_milvus.Endpoint};Key={Token}";

    public IReadOnlyList<string> ItemIds { get; }

    /// <param name="durableRedis">Garnet with its append-only file and checkpoints (as embedded mode runs it), so that it can be restarted.</param>
    /// <param name="externalRedis">A Redis server's host:port to use instead of embedded Garnet.</param>
    /// <param name="vectorData">
    /// The vector service's data directory of a <c>scale</c> run (its <c>milvus</c> folder), served as it is instead of
    /// the demo catalogue; <paramref name="generatedItems"/> says how many rows the generator wrote.
    /// </param>
    public static async Task<PipelineInfrastructure> StartAsync(bool durableRedis = false, string? externalRedis = null, string? vectorData = null, int generatedItems = 0)
    {
        var directory = Directory.CreateTempSubdirectory("nebula-bench-pipeline-").FullName;
        var kafka = new LibrdkafkaMockCluster();
        kafka.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        // The worker waits for its topics before it subscribes, and the mock broker cannot create them on request.
        kafka.CreateTopic(Topics.InteractionsDeadLetter, Topics.InteractionsPartitions);

        var redisOptions = new EmbeddedRedisOptions { Port = LoopbackPort.Free(), DataDirectory = durableRedis ? Path.Combine(directory, "redis") : null };
        var redis = externalRedis is null ? GarnetLauncher.Start(redisOptions) : null;

        var milvus = await VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = vectorData ?? Path.Combine(directory, "milvus"), Token = Token }, CancellationToken.None);
        var itemIds = vectorData is null ? await LoadCatalogAsync(milvus) : await StoredItemIdsAsync(milvus, generatedItems);
        return new PipelineInfrastructure(directory, kafka, redisOptions, redis, externalRedis ?? $"127.0.0.1:{redisOptions.Port}", milvus, itemIds);
    }

    /// <summary>Stops Garnet and starts it again on the same port, recovering from its files (durable Redis only).</summary>
    public void RestartRedis()
    {
        if (_redis is null)
        {
            throw new InvalidOperationException("Only embedded Garnet is restarted by the benchmark.");
        }

        _redis.Dispose();
        _redis = GarnetLauncher.Start(_redisOptions);
    }

    /// <summary>Takes the broker down until <see cref="BrokerUp"/>.</summary>
    public void BrokerDown() => _kafka.SetBrokerDown();

    public void BrokerUp() => _kafka.SetBrokerUp();

    public void CreateTopic(string topic) => _kafka.CreateTopic(topic, Topics.InteractionsPartitions);

    /// <summary>A stream worker as the service wires it (service defaults included), reading <paramref name="topic"/>.</summary>
    public async Task<IHost> StartWorkerAsync(string topic, int batchSize)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = BootstrapServers,
            ["ConnectionStrings:redis"] = RedisEndpoint,
            ["ConnectionStrings:milvus"] = MilvusConnectionString,
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = $"bench-{topic}",
            ["Nebula:StreamWorker:Topic"] = topic,
            // As the AppHost configures the worker in embedded mode (WithEmbeddedKafkaConsumerSettings).
            ["Aspire:Confluent:Kafka:Consumer:Config:SessionTimeoutMs"] = EmbeddedKafkaConsumerSettings.SessionTimeoutMs.ToString(CultureInfo.InvariantCulture),
            ["Aspire:Confluent:Kafka:Consumer:Config:FetchWaitMaxMs"] = EmbeddedKafkaConsumerSettings.FetchWaitMaxMs.ToString(CultureInfo.InvariantCulture),
            ["Nebula:StreamWorker:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddServiceDefaults();
        builder.AddStreamWorkerServices();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<IReadOnlyList<string>> LoadCatalogAsync(VectorServer server)
    {
        const string Physical = "items_benchmark";
        var items = BenchmarkData.CatalogItems();
        var vectors = BenchmarkData.CatalogVectors();
        using var client = new MilvusClient(new MilvusClientSettings { Endpoint = server.Endpoint, Key = Token });
        await client.CreateCollectionAsync(Physical, ItemsSchema.Schema(), [ItemsSchema.VectorIndex(new ItemsCollectionOptions())]);
        var rows = items.Select((item, i) => ItemsSchema.ToRow(item, vectors[i], "benchmark")).ToList();
        await client.UpsertInBatchesAsync(Physical, rows);
        await client.LoadAndWaitAsync(Physical, TimeSpan.FromMinutes(5));
        await client.CreateAliasAsync("items", Physical);
        return [.. rows.Select(r => r.ItemId).Distinct()];
    }

    /// <summary>The generated catalogue's ids that the collection holds (the generator breaks some rows on purpose).</summary>
    private static async Task<IReadOnlyList<string>> StoredItemIdsAsync(VectorServer server, int generatedItems)
    {
        using var client = new MilvusClient(new MilvusClientSettings { Endpoint = server.Endpoint, Key = Token, RequestTimeout = TimeSpan.FromMinutes(5) });
        var collection = new ItemsCollectionOptions().CollectionName;
        while (await client.GetLoadStateAsync(collection) != MilvusLoadStates.Loaded)
        {
            await Task.Delay(100);
        }

        var ids = new List<string>(generatedItems);
        foreach (var chunk in Enumerable.Range(0, generatedItems).Chunk(5_000))
        {
            var rows = await client.GetAsync(collection, [.. chunk.Select(CatalogGenerator.ItemId)], [ItemFields.ItemId]);
            ids.AddRange(rows.Select(row => row.GetProperty(ItemFields.ItemId).GetString()!));
        }

        return ids;
    }

    public void Dispose()
    {
        _milvus.Dispose();
        _redis?.Dispose();
        _kafka.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
