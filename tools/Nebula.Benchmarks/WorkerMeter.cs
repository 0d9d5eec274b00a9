using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nebula.Benchmarks;

/// <summary>Listens to the worker's own metrics: applied events and freshness samples.</summary>
internal sealed class WorkerMeter : IDisposable
{
    private static readonly long Origin = Stopwatch.GetTimestamp();
    private readonly MeterListener _listener = new();
    private readonly List<double> _freshness = [];
    private long _applied;
    private Waiter? _waiter;

    public WorkerMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Nebula.StreamWorker" && instrument.Name is "nebula.worker.events" or "nebula.recommendations.freshness")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "outcome", Value: "applied" })
                {
                    var applied = Interlocked.Add(ref _applied, value);
                    if (Volatile.Read(ref _waiter) is { } waiter && applied >= waiter.Target)
                    {
                        waiter.Reached.TrySetResult((applied, Stopwatch.GetElapsedTime(Origin)));
                    }
                }
            }
        });
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (_freshness)
            {
                _freshness.Add(value);
            }
        });
        _listener.Start();
    }

    /// <summary>
    /// Waits until <paramref name="count"/> events were applied: the count and time of the measurement that reached it,
    /// signalled from the listener (polling every millisecond put 2.3% of the process's samples on timer wake-ups).
    /// </summary>
    public async Task<(long Count, TimeSpan At)> WaitForAppliedAsync(long count)
    {
        var reached = new TaskCompletionSource<(long Count, TimeSpan At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _waiter, new Waiter(count, reached));
        if (Interlocked.Read(ref _applied) is var applied && applied >= count)
        {
            reached.TrySetResult((applied, Stopwatch.GetElapsedTime(Origin)));
        }

        try
        {
            return await reached.Task.WaitAsync(TimeSpan.FromMinutes(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Only {Interlocked.Read(ref _applied)} of {count} events were applied in 10 minutes.");
        }
    }

    public void ClearFreshness()
    {
        lock (_freshness)
        {
            _freshness.Clear();
        }
    }

    public List<double> Freshness()
    {
        lock (_freshness)
        {
            return [.. _freshness];
        }
    }

    public void Dispose() => _listener.Dispose();

    private sealed record Waiter(long Target, TaskCompletionSource<(long Count, TimeSpan At)> Reached);
}
