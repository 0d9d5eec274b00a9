using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
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

    /// <summary>The embedded AppHost with only its <c>redis</c> resource: the services are not needed here.</summary>
    private async Task<DistributedApplication> StartRedisOnlyAsync()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nebula_AppHost>(
            ["--infra", "embedded", $"--Nebula:DataDirectory={_dataDirectory}"], cancellation);
        foreach (var resource in builder.Resources.Where(r => r.Name != "redis").ToList())
        {
            builder.Resources.Remove(resource);
        }

        var app = await builder.BuildAsync(cancellation);
        await app.StartAsync(cancellation);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", cancellation);
        return app;
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(DistributedApplication app) =>
        await ConnectionMultiplexer.ConnectAsync(
            await app.GetConnectionStringAsync("redis", TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException("redis has no connection string"));

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
