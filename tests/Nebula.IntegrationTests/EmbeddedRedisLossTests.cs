using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Nebula.StreamWorker;

namespace Nebula.IntegrationTests;

/// <summary>
/// Embedded mode's Garnet loses its last writes while the worker runs: Garnet (a process of its own, with its
/// append-only file, as the AppHost runs it) is killed with SIGKILL after the first half of the events, its files are
/// copied, it is started again and the second half is applied; then it is killed again and started over the older copy,
/// as a Garnet restored from an earlier backup, or one whose last commits never reached the disk, comes back. The
/// worker sees that Garnet's record of what was applied went back, reads those events again from Kafka, and the state
/// converges to exactly the library's result. The Api and the worker run in this process on a topic of their own.
/// </summary>
public sealed class EmbeddedRedisLossTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private const string Topic = EmbeddedAppHostFixture.GarnetLossTopic;
    private const int Users = 30;
    private const int Events = 800;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly string _directory = Directory.CreateTempSubdirectory("nebula-garnet-loss-").FullName;
    private GarnetProcess _garnet = null!;
    private WebApplication _api = null!;
    private IHost _worker = null!;
    private PipelineDriver _driver = null!;

    private string DataDirectory => Path.Combine(_directory, "redis");

    private string OlderCopy => Path.Combine(_directory, "redis-older");

    public async ValueTask InitializeAsync()
    {
        _garnet = await GarnetProcess.StartAsync(DataDirectory);
        var settings = await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = $"{_garnet.ConnectionString},abortConnect=false,connectRetry=1,connectTimeout=1000",
            ["Nebula:Api:Topic"] = Topic,
            ["Nebula:StreamWorker:Topic"] = Topic,
            ["Nebula:StreamWorker:DeadLetterTopic"] = EmbeddedAppHostFixture.GarnetLossDeadLetterTopic,
            ["Nebula:StreamWorker:RetryMaxDelay"] = "00:00:01",
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = $"garnet-loss-test-{Guid.NewGuid():N}",
        });
        var contentRoot = Directory.CreateDirectory(Path.Combine(_directory, "content")).FullName;
        _api = await InProcessServices.StartApiAsync(contentRoot, settings);
        _worker = await InProcessServices.StartWorkerAsync(contentRoot, settings);
        _driver = await PipelineDriver.ConnectAsync(
            TestApiKeys.Client(_api.Urls.First()), await fixture.ConnectionStringAsync("milvus"), $"{_garnet.ConnectionString},abortConnect=false");
    }

    public async ValueTask DisposeAsync()
    {
        await (_driver?.DisposeAsync() ?? ValueTask.CompletedTask);
        if (_worker is not null)
        {
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await (_garnet?.DisposeAsync() ?? ValueTask.CompletedTask);
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Writes_garnet_lost_are_applied_again_and_the_state_converges_to_the_exact_result()
    {
        using var rewinds = new MetricCollector<long>(_worker.Services.GetRequiredService<IMeterFactory>(), StreamWorkerTelemetry.Name, "nebula.worker.partition.rewinds");
        var items = await _driver.CatalogItemsAsync(100);
        var ledger = await EventLedger.StartAsync(_driver, items);
        var events = ledger.RandomEvents($"garnet-{Guid.NewGuid().ToString("N")[..8]}", Users, Events, seed: 20261202);
        await ledger.PostAsync(events[..(Events / 2)]);
        await ledger.WaitForAllAppliedAsync(Patience);
        // Past the append-only file's commit interval (100 ms): the first half is on disk.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await _garnet.KillAsync();
        CopyDirectory(DataDirectory, OlderCopy);
        await RestartGarnetAsync();

        await ledger.PostAsync(events[(Events / 2)..]);
        await ledger.WaitForAllAppliedAsync(Patience);
        await _garnet.KillAsync();
        Directory.Delete(DataDirectory, recursive: true);
        CopyDirectory(OlderCopy, DataDirectory);
        await RestartGarnetAsync();
        await ledger.WaitForAllAppliedAsync(Patience);

        // A rewind is the worker finding Garnet's record behind what it had read: without one, nothing was lost and this shows nothing.
        Assert.NotEmpty(rewinds.GetMeasurementSnapshot());
        await ledger.AssertAppliedExactlyOnceAsync();
    }

    private async Task RestartGarnetAsync()
    {
        await _garnet.RestartAsync();
        // The driver's own connection comes back on its own; wait for it rather than fail a read on the way.
        var deadline = DateTime.UtcNow + Patience;
        while (!_driver.Redis.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
