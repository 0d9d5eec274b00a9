using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

[assembly: AssemblyFixture(typeof(Nebula.IntegrationTests.EmbeddedAppHostFixture))]

namespace Nebula.IntegrationTests;

/// <summary>
/// The whole AppHost in embedded mode, started once for the test assembly: the mock Kafka cluster and
/// Garnet in this process, the four services as child processes.
/// </summary>
public sealed class EmbeddedAppHostFixture : IAsyncLifetime
{
    public static readonly string[] ResourceNames = ["kafka", "redis", "api", "streamworker", "embedder", "ui"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("nebula-it-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nebula_AppHost>(
            ["--infra", "embedded", $"--Nebula:DataDirectory={_dataDirectory}"], timeout.Token);

        var started = Stopwatch.StartNew();
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await Task.WhenAll(ResourceNames.Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
        TestContext.Current.SendDiagnosticMessage($"Embedded AppHost: every resource healthy after {started.Elapsed.TotalSeconds:0.0} s");
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    public async Task<string> ConnectionStringAsync(string name) =>
        await App.GetConnectionStringAsync(name, TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException($"'{name}' has no connection string.");
}
