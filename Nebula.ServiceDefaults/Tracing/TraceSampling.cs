using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Nebula.ServiceDefaults.Tracing;

/// <summary>
/// Head sampling that still exports the traces people look for: a parent-based ratio decides which traces are exported
/// (a caller's decision is followed), and a span the ratio left out is still recorded, so that it is exported after all
/// when it ends in an error or takes longer than <see cref="TraceSamplingOptions.SlowSpanThreshold"/>. Its children
/// are not recorded (that would cost what sampling saves), so such a trace shows the failed or slow span alone.
/// </summary>
public static class TraceSampling
{
    /// <summary>Adds the sampler and the processor that promotes failed and slow spans; call before any exporter is added.</summary>
    public static TracerProviderBuilder AddTraceSampling(this TracerProviderBuilder tracing, TraceSamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(tracing);
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        var recordOnly = new RecordOnlySampler(new AlwaysOffSampler());
        return tracing
            .SetSampler(new ParentBasedSampler(
                new RecordOnlySampler(new TraceIdRatioBasedSampler(options.SampleRatio)),
                remoteParentSampled: new AlwaysOnSampler(),
                remoteParentNotSampled: recordOnly,
                localParentSampled: new AlwaysOnSampler(),
                localParentNotSampled: new AlwaysOffSampler()))
            .AddProcessor(new FailedOrSlowSpanExporter(options.SlowSpanThreshold));
    }

    /// <summary>What <paramref name="inner"/> samples is recorded and exported; what it drops is recorded only.</summary>
    private sealed class RecordOnlySampler(Sampler inner) : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            inner.ShouldSample(samplingParameters).Decision == SamplingDecision.RecordAndSample
                ? new SamplingResult(SamplingDecision.RecordAndSample)
                : new SamplingResult(SamplingDecision.RecordOnly);
    }

    /// <summary>Marks a recorded-only span for export when it failed or was slow; exporters see the mark as it ends.</summary>
    private sealed class FailedOrSlowSpanExporter(TimeSpan threshold) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (!data.Recorded && data.IsAllDataRequested && (data.Status == ActivityStatusCode.Error || data.Duration >= threshold))
            {
                data.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            }
        }
    }
}
