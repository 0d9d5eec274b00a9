using System.ComponentModel.DataAnnotations;

namespace Nebula.ServiceDefaults.Tracing;

/// <summary>Which traces a service exports, section <c>Nebula:Telemetry:Tracing</c> (<see cref="TraceSampling"/>).</summary>
public sealed class TraceSamplingOptions
{
    public const string SectionName = "Nebula:Telemetry:Tracing";

    /// <summary>The share of the traces that start here (or come with no sampling decision) to export; the rest only when failed or slow.</summary>
    [Range(0.0, 1.0)]
    public double SampleRatio { get; set; } = 0.1;

    /// <summary>A span that takes at least this long is exported whatever the ratio said.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SlowSpanThreshold { get; set; } = TimeSpan.FromMilliseconds(250);
}
