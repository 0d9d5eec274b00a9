using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nebula.StreamWorker.Consuming;

/// <summary>
/// Remembers that events were lost before the worker could apply them (the broker's retention or the embedded broker's
/// limits passed them), so that the worker's health says Degraded until it restarts, beside the error log and the
/// <c>nebula.worker.events.lost</c> metric.
/// </summary>
public sealed class DataLossMonitor : IHealthCheck
{
    public const string Name = "StreamWorker.DataLoss";

    private string? _last;
    private int _incidents;

    public void Report(string description)
    {
        Interlocked.Increment(ref _incidents);
        Volatile.Write(ref _last, description);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Volatile.Read(ref _last) is { } last
            ? HealthCheckResult.Degraded($"Events were lost before they were applied ({Volatile.Read(ref _incidents)} times since start); last: {last}")
            : HealthCheckResult.Healthy());
}
