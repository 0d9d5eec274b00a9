using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

[assembly: AssemblyFixture(typeof(Nebula.IntegrationTests.EmbeddedAppHostFixture))]

namespace Nebula.IntegrationTests;

/// <summary>
/// The whole AppHost in embedded mode, started once for the test assembly: the three embedded servers and the
/// services, each a process of its own.
/// </summary>
public sealed class EmbeddedAppHostFixture : IAsyncLifetime
{
    /// <summary>A topic that only the trace test uses.</summary>
    public const string TraceTopic = "interactions.trace-test";

    /// <summary>A topic that only the worker retry test uses.</summary>
    public const string RetryTopic = "interactions.retry-test";

    /// <summary>The long-running resources; the embedder is a batch job that runs to completion.</summary>
    public static readonly string[] ResourceNames = ["kafka", "redis", "milvus", "api", "streamworker", "ui"];

    // Includes the embedder's first load of the demo catalogue (about a minute on 2 cores).
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("nebula-it-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The embedder's state when it stopped (its first run over the demo catalogue).</summary>
    public ResourceEvent EmbedderExit { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nebula_AppHost>(
            ["--infra", "embedded", $"--Nebula:DataDirectory={_dataDirectory}"], timeout.Token);

        // The test host runs no dashboard, so nothing listens on the OTLP endpoint the services would export to,
        // and each service would spend the exporter's 10 s timeout flushing at shutdown (longer than the
        // orchestrator waits when a test stops the worker). Spans are checked in-process (PipelineTraceTests).
        foreach (var resource in builder.Resources)
        {
            foreach (var exporter in resource.Annotations.OfType<OtlpExporterAnnotation>().ToList())
            {
                resource.Annotations.Remove(exporter);
            }
        }

        // Topics of their own for the tests that host an Api or a worker in this process (the embedded broker creates no topic on demand).
        var kafka = builder.Resources.OfType<Nebula.Hosting.Embedded.EmbeddedKafkaResource>().Single();
        kafka.AddTopic(TraceTopic, partitions: 1);
        kafka.AddTopic(RetryTopic, partitions: 1);

        var started = Stopwatch.StartNew();
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await Task.WhenAll(ResourceNames.Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
        TestContext.Current.SendDiagnosticMessage($"Embedded AppHost: every resource healthy after {started.Elapsed.TotalSeconds:0.0} s");
        EmbedderExit = await App.ResourceNotifications.WaitForResourceAsync(
            "embedder", e => e.Snapshot.ExitCode is not null || e.Snapshot.State?.Text == KnownResourceStates.FailedToStart, timeout.Token);
        TestContext.Current.SendDiagnosticMessage($"Embedded AppHost: embedder finished after {started.Elapsed.TotalSeconds:0.0} s with exit code {EmbedderExit.Snapshot.ExitCode}");
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
