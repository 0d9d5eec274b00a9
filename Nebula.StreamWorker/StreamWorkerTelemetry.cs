using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nebula.StreamWorker;

/// <summary>The worker's spans and metrics.</summary>
public sealed class StreamWorkerTelemetry : IDisposable
{
    public const string Name = "Nebula.StreamWorker";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public StreamWorkerTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Events = _meter.CreateCounter<long>("nebula.worker.events", "{event}",
            "Events handled, by outcome: applied, replayed (offset already applied, skipped), duplicate (event id already applied, skipped), forgotten (a forgotten user's, published before the deletion, dropped) or dead_lettered.");
        BatchSize = _meter.CreateHistogram<int>("nebula.worker.batch.size", "{event}", "Events per processed batch.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        Freshness = _meter.CreateHistogram<double>("nebula.recommendations.freshness", "s",
            "From the event's occurredAt (stamped by the Api) to its user's list written in Redis.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        Retries = _meter.CreateCounter<long>("nebula.worker.batch.retries", "{retry}", "Batches retried after a failure.");
        Rewinds = _meter.CreateCounter<long>("nebula.worker.partition.rewinds", "{rewind}",
            "Partitions read again from Redis's applied offset because the store lost writes Kafka had passed.");
        LostEvents = _meter.CreateCounter<long>("nebula.worker.events.lost", "{event}",
            "Events the broker no longer had when the worker came to them (retention, or the embedded broker's limits); -1 per reset whose size is unknown.");
    }

    public Counter<long> Events { get; }

    public Histogram<int> BatchSize { get; }

    public Histogram<double> Freshness { get; }

    public Counter<long> Retries { get; }

    public Counter<long> Rewinds { get; }

    public Counter<long> LostEvents { get; }

    /// <summary>Reports consumer lag (messages behind the high watermark over the assigned partitions).</summary>
    public void ObserveLag(Func<long> lag) =>
        _meter.CreateObservableGauge("nebula.worker.consumer.lag", lag, "{message}", "Messages not yet consumed on the assigned partitions.");

    /// <summary>Reports how many partitions are held back after a failure of their own events (the others flow meanwhile).</summary>
    public void ObserveHeldPartitions(Func<int> held) =>
        _meter.CreateObservableGauge("nebula.worker.partitions.held", held, "{partition}", "Partitions paused after their events failed for a reason other than an outage, waiting for their next attempt.");

    public void Dispose() => _meter.Dispose();
}
