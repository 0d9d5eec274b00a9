using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Nebula.IntegrationTests;

/// <summary>Starts the whole AppHost for a fixture and waits until its services are healthy and the Embedder has finished.</summary>
internal static class AppHostStarter
{
    /// <summary>The long-running services; the embedder is a batch job that runs to completion.</summary>
    public static readonly string[] Services = ["api", "streamworker", "ui"];

    // Includes the embedder's first load of the demo catalogue (about a minute on 2 cores).
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    public static async Task<(DistributedApplication App, ResourceEvent EmbedderExit)> StartAsync(
        string label, string[] arguments, string[] waitFor, Action<IDistributedApplicationTestingBuilder>? configure = null)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nebula_AppHost>([.. arguments, .. TestApiKeys.AppHostArguments], timeout.Token);

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

        configure?.Invoke(builder);

        var started = Stopwatch.StartNew();
        var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        try
        {
            await Task.WhenAll(waitFor.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{label}: not every resource was healthy after {StartTimeout}: {States(app)}");
        }
        TestContext.Current.SendDiagnosticMessage($"{label}: every resource healthy after {started.Elapsed.TotalSeconds:0.0} s");
        var embedderExit = await app.ResourceNotifications.WaitForResourceAsync(
            "embedder", e => e.Snapshot.ExitCode is not null || e.Snapshot.State?.Text == KnownResourceStates.FailedToStart, timeout.Token);
        TestContext.Current.SendDiagnosticMessage($"{label}: embedder finished after {started.Elapsed.TotalSeconds:0.0} s with exit code {embedderExit.Snapshot.ExitCode}");
        return (app, embedderExit);
    }

    /// <summary>Each resource's state and health, for a start that timed out.</summary>
    private static string States(DistributedApplication app) =>
        string.Join("; ", app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r =>
            app.ResourceNotifications.TryGetCurrentState(r.Name, out var state)
                ? $"{r.Name} {state.Snapshot.State?.Text} {state.Snapshot.HealthStatus} {string.Join(",", state.Snapshot.HealthReports.Select(h => $"{h.Name}:{h.Status}:{h.Description}"))}"
                : $"{r.Name} (no state)"));
}
