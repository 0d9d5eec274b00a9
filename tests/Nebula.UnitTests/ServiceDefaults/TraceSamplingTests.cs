using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Nebula.ServiceDefaults.Tracing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Nebula.UnitTests.ServiceDefaults;

public sealed class TraceSamplingTests : IDisposable
{
    private readonly ActivitySource _source = new($"sampling-test-{Guid.NewGuid():N}");
    private readonly List<Activity> _exported = [];
    private TracerProvider? _provider;

    private void Start(double ratio)
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(_source.Name)
            .AddTraceSampling(new TraceSamplingOptions { SampleRatio = ratio, SlowSpanThreshold = TimeSpan.FromMilliseconds(250) })
            .AddInMemoryExporter(_exported)
            .Build();
    }

    /// <summary>A root span that lasts <paramref name="duration"/> (its end time set, not waited for), with a child.</summary>
    private void Request(TimeSpan duration, bool fails = false, ActivityContext parent = default)
    {
        using var root = _source.StartActivity("request", ActivityKind.Server, parent)!;
        using (_source.StartActivity("child"))
        {
        }

        if (fails)
        {
            root.SetStatus(ActivityStatusCode.Error);
        }

        root.SetEndTime(root.StartTimeUtc + duration);
    }

    [Fact]
    public void With_a_ratio_of_one_every_span_is_exported()
    {
        Start(1);

        for (var i = 0; i < 20; i++)
        {
            Request(TimeSpan.FromMilliseconds(2));
        }

        Assert.Equal(40, _exported.Count);
    }

    [Fact]
    public void With_a_ratio_of_zero_a_fast_successful_request_is_not_exported()
    {
        Start(0);

        for (var i = 0; i < 20; i++)
        {
            Request(TimeSpan.FromMilliseconds(2));
        }

        Assert.Empty(_exported);
    }

    [Fact]
    public void A_failed_request_is_exported_whatever_the_ratio()
    {
        Start(0);

        Request(TimeSpan.FromMilliseconds(2), fails: true);

        Assert.Equal("request", Assert.Single(_exported).DisplayName);
    }

    [Fact]
    public void A_slow_request_is_exported_whatever_the_ratio()
    {
        Start(0);

        Request(TimeSpan.FromMilliseconds(300));

        Assert.Equal("request", Assert.Single(_exported).DisplayName);
    }

    [Fact]
    public void A_ratio_exports_about_that_share_of_traces_whole()
    {
        Start(0.25);

        for (var i = 0; i < 2000; i++)
        {
            Request(TimeSpan.FromMilliseconds(2));
        }

        // Trace ids are random: 500 expected, and 400–600 holds with overwhelming probability (sd ≈ 19).
        var roots = _exported.Count(a => a.DisplayName == "request");
        Assert.InRange(roots, 400, 600);
        Assert.Equal(roots, _exported.Count(a => a.DisplayName == "child"));
    }

    [Fact]
    public void A_callers_decision_to_sample_is_followed()
    {
        Start(0);
        var sampledByCaller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        Request(TimeSpan.FromMilliseconds(2), parent: sampledByCaller);

        Assert.Equal(2, _exported.Count);
    }

    [Fact]
    public void A_request_a_caller_did_not_sample_is_still_exported_when_it_fails()
    {
        Start(1);
        var notSampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        Request(TimeSpan.FromMilliseconds(2), parent: notSampled);
        Request(TimeSpan.FromMilliseconds(2), fails: true, parent: notSampled);

        Assert.Equal("request", Assert.Single(_exported).DisplayName);
    }

    [Fact]
    public void A_ratio_outside_zero_to_one_is_refused()
    {
        Assert.Throws<ValidationException>(() => Sdk.CreateTracerProviderBuilder().AddTraceSampling(new TraceSamplingOptions { SampleRatio = 1.5 }));
    }

    public void Dispose()
    {
        _provider?.Dispose();
        _source.Dispose();
    }
}
