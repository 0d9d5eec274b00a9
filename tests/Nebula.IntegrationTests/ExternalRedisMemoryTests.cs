using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.StreamWorker.State;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>
/// A user's Redis at its memory limit (a real redis-server, its limit lowered under the running application with
/// CONFIG SET): under <c>noeviction</c> it refuses the worker's writes, and the events wait in the topic until it has
/// room, then each is applied exactly once; a policy that would evict the worker's state is named by its health check.
/// </summary>
[Collection(ExternalInfrastructureTestGroup.Name)]
public sealed class ExternalRedisMemoryTests(ExternalAppHostFixture fixture) : IAsyncLifetime
{
    private const int Users = 20;
    private const int Events = 400;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync() => _driver = await PipelineDriver.CreateAsync(fixture);

    public async ValueTask DisposeAsync()
    {
        // Redis's defaults again, for the other tests of the group.
        await fixture.Redis.ConfigureMemoryAsync("0", "noeviction");
        await _driver.DisposeAsync();
    }

    [Fact]
    public async Task Events_a_full_redis_refused_are_applied_exactly_once_when_it_has_room_again()
    {
        var items = await _driver.CatalogItemsAsync(100);
        var ledger = await EventLedger.StartAsync(_driver, items);
        var events = ledger.RandomEvents($"full-{Guid.NewGuid().ToString("N")[..8]}", Users, Events, seed: 20261204);
        await ledger.PostAsync(events[..(Events / 2)]);
        await ledger.WaitForAllAppliedAsync(Patience);
        var refusedBefore = await fixture.Redis.RefusedForMemoryAsync();

        // Far below what the state already takes: every write is refused ("OOM command not allowed").
        await fixture.Redis.ConfigureMemoryAsync("1mb", "noeviction");
        await ledger.PostAsync(events[(Events / 2)..]);
        await WaitForRefusalsAsync(refusedBefore);
        await fixture.Redis.ConfigureMemoryAsync("0", "noeviction");

        await ledger.WaitForAllAppliedAsync(Patience);
        await ledger.AssertAppliedExactlyOnceAsync();
    }

    [Fact]
    public async Task A_memory_limit_with_a_policy_that_evicts_keys_degrades_the_workers_health()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var check = new RedisMemoryCheck(connection);

        await fixture.Redis.ConfigureMemoryAsync("1gb", "allkeys-lru");
        var evicting = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        await fixture.Redis.ConfigureMemoryAsync("1gb", "noeviction");
        var keeping = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, evicting.Status);
        Assert.Contains("maxmemory-policy allkeys-lru, maxmemory 1024 MiB", evicting.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, keeping.Status);
    }

    [Fact]
    public async Task A_redis_at_its_memory_limit_is_named_full_by_the_workers_health_check()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);

        await fixture.Redis.ConfigureMemoryAsync("1mb", "noeviction");
        var full = await new RedisMemoryCheck(connection).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, full.Status);
        Assert.StartsWith("Redis is full: it uses ", full.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_write_a_full_redis_refuses_fails_naming_the_memory_limit_among_its_causes()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var store = new RecommendationStateStore(connection, TimeProvider.System);
        var topic = $"full-{Guid.NewGuid():N}";
        var changes = new StateChanges(
            topic, new Dictionary<string, TasteProfile>(), new Dictionary<string, RecommendationList?>(),
            new Dictionary<string, double>(), new Dictionary<string, Dictionary<string, double>>(), 200,
            new Dictionary<int, long> { [0] = 5 }, new Dictionary<int, long?> { [0] = null }, [], TimeSpan.FromDays(1), [], null);

        await fixture.Redis.ConfigureMemoryAsync("1mb", "noeviction");
        var refused = await Assert.ThrowsAsync<RedisServerException>(() => store.WriteAsync(changes));

        Assert.StartsWith("EXECABORT", refused.Message, StringComparison.Ordinal);
        Assert.Contains("at its memory limit (OOM; the health check StreamWorker.RedisMemory says so)", refused.Message, StringComparison.Ordinal);
        Assert.False(await connection.GetDatabase().KeyExistsAsync(RedisKeys.AppliedOffset(topic, 0)));
    }

    /// <summary>Until the server has refused a command for want of memory: the worker tried to write the new events.</summary>
    private async Task WaitForRefusalsAsync(long before)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await fixture.Redis.RefusedForMemoryAsync() <= before)
        {
            Assert.True(DateTime.UtcNow < deadline, "The worker wrote nothing to the full Redis within the patience.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
