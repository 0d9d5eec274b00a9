using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nebula.Milvus;

/// <summary>The Milvus client's spans (one per call) and the call-duration histogram, named as OTel's database conventions.</summary>
public static class MilvusTelemetry
{
    public const string ActivitySourceName = "Nebula.Milvus";
    public const string MeterName = "Nebula.Milvus";
    internal const string SystemName = "milvus";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    private static readonly Meter Meter = new(MeterName);

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "db.client.operation.duration", unit: "s", description: "Duration of Milvus REST calls, retries included.");
}
