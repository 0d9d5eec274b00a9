using Aspire.Hosting.ApplicationModel;

namespace Nebula.IntegrationTests;

/// <summary>
/// Several worker replicas in one consumer group, as a deployment scales out, and a replica that dies without warning:
/// 20,000 events for 200 users through the Api while three replicas (separate processes) consume; one is killed with
/// SIGKILL a third of the way in and a fourth is started. Its partitions move; the batch it was writing is either in
/// Redis whole or not at all; the next owner starts after what Redis recorded. Afterwards every profile, transition
/// total and popularity equals the library's result for the events sent: none lost, none applied twice.
/// </summary>
[Collection(PipelineTestGroup.Name)]
public sealed class WorkerReplicaTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private const string Worker = "streamworker";
    private const int Users = 200;
    private const int Events = 20_000;
    private const int Chunk = 1000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private readonly List<WorkerProcess> _replicas = [];
    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync()
    {
        _driver = await PipelineDriver.CreateAsync(fixture);
        // The replicas take the AppHost worker's place in its group.
        await CommandAsync(KnownResourceCommands.StopCommand);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await CommandAsync(KnownResourceCommands.StartCommand);
        await _driver.DisposeAsync();
    }

    [Fact]
    public async Task Three_replicas_one_killed_mid_stream_and_another_started_apply_every_event_exactly_once()
    {
        var items = await _driver.CatalogItemsAsync(300);
        var ledger = await EventLedger.StartAsync(_driver, items);
        var events = ledger.RandomEvents($"replica-{Guid.NewGuid().ToString("N")[..8]}", Users, Events, seed: 20261202);
        var settings = await WorkerProcess.AppHostSettingsAsync(fixture);
        for (var i = 0; i < 3; i++)
        {
            _replicas.Add(WorkerProcess.Start(settings));
        }

        // In the group before any event is sent, so that the one killed has partitions and work in hand.
        foreach (var replica in _replicas)
        {
            await replica.WaitForLogAsync("Consuming interactions", Patience);
        }

        var chunks = events.Chunk(Chunk).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            await ledger.PostAsync(chunks[i]);
            if (i == chunks.Count / 3)
            {
                await _replicas[0].KillAsync();
                _replicas.Add(WorkerProcess.Start(settings));
            }
        }

        await ledger.WaitForAllAppliedAsync(Patience);

        Assert.All(_replicas.Skip(1), replica => Assert.False(replica.HasExited, replica.Output));
        await ledger.AssertAppliedExactlyOnceAsync();
    }

    [Fact]
    public async Task A_replica_stopped_with_SIGTERM_while_events_flow_exits_cleanly_and_its_successor_loses_nothing()
    {
        var items = await _driver.CatalogItemsAsync(300);
        var ledger = await EventLedger.StartAsync(_driver, items);
        var events = ledger.RandomEvents($"sigterm-{Guid.NewGuid().ToString("N")[..8]}", 50, 4000, seed: 20261203);
        var settings = await WorkerProcess.AppHostSettingsAsync(fixture);
        var first = WorkerProcess.Start(settings);
        _replicas.Add(first);
        await first.WaitForLogAsync("Consuming interactions", Patience);

        await ledger.PostAsync(events[..2000]);
        var (elapsed, exitCode) = await first.TerminateAsync(Patience);
        _replicas.Add(WorkerProcess.Start(settings));
        await ledger.PostAsync(events[2000..]);
        await ledger.WaitForAllAppliedAsync(Patience);

        TestContext.Current.TestOutputHelper?.WriteLine($"The worker exited {elapsed.TotalMilliseconds:F0} ms after SIGTERM.");
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{first.Output}");
        await ledger.AssertAppliedExactlyOnceAsync();
    }

    private Task CommandAsync(string command) => fixture.App.CommandAsync(Worker, command);
}
