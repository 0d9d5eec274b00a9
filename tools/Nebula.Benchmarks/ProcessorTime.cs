using System.Diagnostics;

namespace Nebula.Benchmarks;

/// <summary>
/// CPU time of a measured process (user + system, as Linux counts it in /proc) and of this load process over one phase:
/// the measured process's cost per request, and how much of the shared cores the load itself took.
/// </summary>
internal sealed class ProcessorTime
{
    private readonly Process? _measured;
    private readonly TimeSpan _measuredStart;
    private readonly TimeSpan _loadStart;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ProcessorTime(Process? measured)
    {
        _measured = measured;
        _measuredStart = Total(measured);
        _loadStart = Total(Process.GetCurrentProcess());
    }

    public static ProcessorTime Start(Process? measured) => new(measured);

    public string Report(int requests)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var load = (Total(Process.GetCurrentProcess()) - _loadStart).TotalSeconds;
        if (_measured is null)
        {
            return $"CPU: this load process {load / seconds:0.00} cores (no Nebula.Api process found; --api-pid names one)";
        }

        var used = (Total(_measured) - _measuredStart).TotalSeconds;
        return $"CPU: the Api (pid {_measured.Id}) {used / seconds:0.00} cores, {used * 1e6 / requests:0} µs per request; this load process {load / seconds:0.00} cores";
    }

    private static TimeSpan Total(Process? process)
    {
        if (process is null)
        {
            return TimeSpan.Zero;
        }

        process.Refresh();
        return process.TotalProcessorTime;
    }
}
