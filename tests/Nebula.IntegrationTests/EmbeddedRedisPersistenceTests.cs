using Aspire.Hosting;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>Garnet keeps what it was given under the AppHost's data folder across AppHost runs.</summary>
public sealed class EmbeddedRedisPersistenceTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("nebula-redis-").FullName;

    [Fact]
    public async Task A_value_written_before_a_clean_shutdown_is_there_after_the_next_start()
    {
        var key = $"nebula:test:{Guid.NewGuid():N}";

        await using (var first = await StartRedisOnlyAsync())
        {
            await using var connection = await ConnectAsync(first);
            await connection.GetDatabase().StringSetAsync(key, "kept");
        }

        await using var second = await StartRedisOnlyAsync();
        await using var reconnected = await ConnectAsync(second);

        Assert.Equal("kept", (string?)await reconnected.GetDatabase().StringGetAsync(key));
    }

    private Task<DistributedApplication> StartRedisOnlyAsync() => EmbeddedInfrastructureHost.StartAsync(_dataDirectory, "redis");

    private static async Task<ConnectionMultiplexer> ConnectAsync(DistributedApplication app) =>
        await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync("redis"));

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
