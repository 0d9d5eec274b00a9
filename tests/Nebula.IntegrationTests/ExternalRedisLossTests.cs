namespace Nebula.IntegrationTests;

/// <summary>
/// A Redis that loses its last writes (a real redis-server killed with SIGKILL and restarted from its last snapshot,
/// as a Redis that persists by snapshots comes back after a crash) while the worker runs: the worker notices that
/// Redis's record of what was applied went back, reads those events again from Kafka, and the state converges to
/// exactly the library's result, with no new event needed to set it off.
/// </summary>
[Collection(ExternalInfrastructureTestGroup.Name)]
public sealed class ExternalRedisLossTests(ExternalAppHostFixture fixture) : IAsyncLifetime
{
    private const int Users = 40;
    private const int Events = 1600;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync() => _driver = await PipelineDriver.CreateAsync(fixture);

    public async ValueTask DisposeAsync() => await _driver.DisposeAsync();

    [Fact]
    public async Task Writes_redis_lost_in_a_crash_are_applied_again_and_the_state_converges_to_the_exact_result()
    {
        var items = await _driver.CatalogItemsAsync(200);
        var ledger = await EventLedger.StartAsync(_driver, items);
        var events = ledger.RandomEvents($"forgetful-{Guid.NewGuid().ToString("N")[..8]}", Users, Events, seed: 20261201);
        await ledger.PostAsync(events[..(Events / 2)]);
        await ledger.WaitForAllAppliedAsync(Patience);
        await fixture.Redis.SnapshotAsync();
        await ledger.PostAsync(events[(Events / 2)..]);
        await ledger.WaitForAllAppliedAsync(Patience);

        await fixture.Redis.CrashAndRestartAsync();
        await ledger.WaitForAllAppliedAsync(Patience);

        await ledger.AssertAppliedExactlyOnceAsync();
    }
}
