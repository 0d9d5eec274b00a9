using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Nebula.IntegrationTests;

/// <summary>
/// The AppHost in embedded mode with only some of its infrastructure resources (no services), over a data folder of
/// the test's own: for tests that restart or break the embedded servers without touching the shared AppHost.
/// </summary>
internal static class EmbeddedInfrastructureHost
{
    public static async Task<DistributedApplication> StartAsync(string dataDirectory, params string[] resources)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Nebula_AppHost>(
            ["--infra", "embedded", $"--Nebula:DataDirectory={dataDirectory}"], cancellation);
        foreach (var resource in builder.Resources.Where(r => !resources.Contains(r.Name)).ToList())
        {
            builder.Resources.Remove(resource);
        }

        var app = await builder.BuildAsync(cancellation);
        await app.StartAsync(cancellation);
        await Task.WhenAll(resources.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellation)));
        return app;
    }

    public static async Task<string> ConnectionStringAsync(this DistributedApplication app, string name) =>
        await app.GetConnectionStringAsync(name, TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException($"'{name}' has no connection string.");

    /// <summary>Kills the server process of an embedded resource at once (SIGKILL), as a crash would.</summary>
    public static void Crash(this DistributedApplication app, string name)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(name, out var state));
        var pid = Convert.ToInt32(state.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        Assert.Contains("dotnet", process.ProcessName, StringComparison.Ordinal);
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Waits until the resource's process has ended.</summary>
    public static Task WaitForExitAsync(this DistributedApplication app, string name) =>
        app.ResourceNotifications.WaitForResourceAsync(
            name, e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart", TestContext.Current.CancellationToken);

    /// <summary>Runs a dashboard command (<see cref="KnownResourceCommands"/>) on a resource; for a start, waits until it is healthy again.</summary>
    public static async Task CommandAsync(this DistributedApplication app, string name, string command)
    {
        var result = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(name, command, TestContext.Current.CancellationToken);
        Assert.True(result.Success, $"{command} {name}: {result.Message}");
        if (command == KnownResourceCommands.StartCommand)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, TestContext.Current.CancellationToken);
        }
    }

    public static bool IsRunningAndHealthy(this DistributedApplication app, string name) =>
        app.ResourceNotifications.TryGetCurrentState(name, out var state)
        && state.Snapshot.State?.Text == KnownResourceStates.Running
        && state.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
}
