using Aspire.Hosting.ApplicationModel;
using Confluent.Kafka;
using Nebula.Milvus;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>
/// Each embedded server is a process of its own: one that crashes (killed with SIGKILL) takes neither the others
/// nor the AppHost with it, and the dashboard's start command brings it back at the same address.
/// </summary>
public sealed class EmbeddedServerIsolationTests : IDisposable
{
    private static readonly string[] Infrastructure = ["kafka", "redis", "milvus"];
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("nebula-isolation-").FullName;

    [Fact]
    public async Task A_crashed_vector_service_leaves_the_broker_and_Garnet_serving_and_comes_back_with_its_rows()
    {
        await using var app = await EmbeddedInfrastructureHost.StartAsync(_dataDirectory, Infrastructure);
        var connectionString = await app.ConnectionStringAsync("milvus");
        using (var client = MilvusClientFor(connectionString))
        {
            await client.CreateCollectionAsync("kept", Schema(), [Index], TestContext.Current.CancellationToken);
            await client.UpsertAsync("kept", Rows(25), TestContext.Current.CancellationToken);
        }

        app.Crash("milvus");
        await app.WaitForExitAsync("milvus");

        Assert.True(app.IsRunningAndHealthy("kafka"));
        Assert.True(app.IsRunningAndHealthy("redis"));
        await AssertKafkaAnswersAsync(await app.ConnectionStringAsync("kafka"));
        await AssertRedisAnswersAsync(await app.ConnectionStringAsync("redis"));

        await app.CommandAsync("milvus", KnownResourceCommands.StartCommand);
        Assert.Equal(connectionString, await app.ConnectionStringAsync("milvus"));
        using var reconnected = MilvusClientFor(connectionString);
        Assert.Equal(25, await reconnected.GetRowCountAsync("kept", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_crashed_broker_leaves_Garnet_and_the_vector_service_serving_and_comes_back_at_the_same_bootstrap_address()
    {
        await using var app = await EmbeddedInfrastructureHost.StartAsync(_dataDirectory, Infrastructure);
        var bootstrap = await app.ConnectionStringAsync("kafka");
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build();
        await producer.ProduceAsync("interactions", new Message<string, string> { Key = "before", Value = "{}" }, TestContext.Current.CancellationToken);

        app.Crash("kafka");
        await app.WaitForExitAsync("kafka");

        Assert.True(app.IsRunningAndHealthy("redis"));
        Assert.True(app.IsRunningAndHealthy("milvus"));
        await AssertRedisAnswersAsync(await app.ConnectionStringAsync("redis"));
        using (var client = MilvusClientFor(await app.ConnectionStringAsync("milvus")))
        {
            Assert.NotNull(await client.ListCollectionsAsync(TestContext.Current.CancellationToken));
        }

        await app.CommandAsync("kafka", KnownResourceCommands.StartCommand);
        Assert.Equal(bootstrap, await app.ConnectionStringAsync("kafka"));
        // The same producer, which knew the old broker: it bootstraps again through the unchanged address.
        var delivered = await producer.ProduceAsync("interactions", new Message<string, string> { Key = "after", Value = "{}" }, TestContext.Current.CancellationToken);
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    private static async Task AssertKafkaAnswersAsync(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var metadata = await Task.Run(() => admin.GetMetadata(TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);
        Assert.Contains(metadata.Topics, t => t.Topic == "interactions");
    }

    private static async Task AssertRedisAnswersAsync(string configuration)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        Assert.True((await redis.GetDatabase().PingAsync()) < TimeSpan.FromSeconds(10));
    }

    private static MilvusClient MilvusClientFor(string connectionString)
    {
        var settings = new MilvusClientSettings { MaxRetries = 0 };
        settings.ParseConnectionString(connectionString);
        return new MilvusClient(settings);
    }

    private sealed record Row(string ItemId, float[] Vector);

    private static List<Row> Rows(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Row($"r{i}", [i + 1, 1, 0, 0]))];

    private static MilvusCollectionSchema Schema() => new(
    [
        new MilvusField("itemId", MilvusDataTypes.VarChar) { IsPrimary = true, ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 64 } },
        new MilvusField("vector", MilvusDataTypes.FloatVector) { ElementTypeParams = new Dictionary<string, int> { ["dim"] = 4 } },
    ]);

    private static readonly MilvusIndex Index = new("vector", "vector", "COSINE", new Dictionary<string, object> { ["index_type"] = "HNSW" });

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
