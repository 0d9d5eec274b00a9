using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>The embedded Garnet server through Aspire's Redis client integration, as a service would use it.</summary>
public class RedisRoundTripTests(EmbeddedAppHostFixture fixture)
{
    [Fact]
    public async Task A_value_written_through_the_client_integration_reads_back()
    {
        using var host = await RedisClientHostAsync();
        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var key = $"nebula:test:{Guid.NewGuid():N}";

        await database.StringSetAsync(key, "round trip", TimeSpan.FromMinutes(1));

        Assert.Equal("round trip", (string?)await database.StringGetAsync(key));
    }

    [Fact]
    public async Task A_published_message_reaches_a_subscriber()
    {
        using var host = await RedisClientHostAsync();
        var subscriber = host.Services.GetRequiredService<IConnectionMultiplexer>().GetSubscriber();
        var channel = RedisChannel.Literal($"nebula:test:{Guid.NewGuid():N}");
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await subscriber.SubscribeAsync(channel, (_, message) => received.TrySetResult(message!));

        await subscriber.PublishAsync(channel, "updated");

        Assert.Equal("updated", await received.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    private async Task<IHost> RedisClientHostAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:redis"] = await fixture.ConnectionStringAsync("redis");
        builder.AddRedisClient("redis");
        return builder.Build();
    }
}
