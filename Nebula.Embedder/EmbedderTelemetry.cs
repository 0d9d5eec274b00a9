using System.Diagnostics.Metrics;

namespace Nebula.Embedder;

/// <summary>The Embedder's metrics: items by outcome (rate = items/s on the dashboard) and rejected rows by reason.</summary>
internal static class EmbedderTelemetry
{
    public const string MeterName = "Nebula.Embedder";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Items = Meter.CreateCounter<long>(
        "nebula.embedder.items", unit: "{item}", description: "Catalogue items processed, by outcome (embedded, skipped).");

    public static readonly Counter<long> RowsRejected = Meter.CreateCounter<long>(
        "nebula.embedder.rows_rejected", unit: "{row}", description: "Catalogue rows rejected, by reason.");
}
