using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Nebula.EmbeddedKafka;
using Nebula.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Trace;

namespace Nebula.UnitTests.Kafka;

public sealed class KafkaTelemetryTests : IDisposable
{
    /// <summary>Nothing listens on port 1: a real, immediate "broker unreachable".</summary>
    private const string UnreachableBroker = "127.0.0.1:1";

    private readonly List<Activity> _spans = [];
    private readonly TracerProvider _tracing;

    public KafkaTelemetryTests() =>
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(KafkaTelemetry.ActivitySourceName)
            .AddInMemoryExporter(_spans)
            .Build();

    [Fact]
    public void Trace_context_and_baggage_survive_the_message_headers()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var baggage = Baggage.Create(new Dictionary<string, string> { ["nebula.user"] = "u-1" });
        var headers = new Headers();

        KafkaTelemetry.InjectContext(new PropagationContext(context, baggage), headers);
        var extracted = KafkaTelemetry.ExtractContext(headers);

        Assert.Equal(context.TraceId, extracted.ActivityContext.TraceId);
        Assert.Equal(context.SpanId, extracted.ActivityContext.SpanId);
        Assert.Equal("u-1", extracted.Baggage.GetBaggage("nebula.user"));
    }

    [Fact]
    public void Injecting_twice_leaves_one_traceparent()
    {
        var headers = new Headers();
        var first = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var second = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        KafkaTelemetry.InjectContext(new PropagationContext(first, default), headers);
        KafkaTelemetry.InjectContext(new PropagationContext(second, default), headers);

        Assert.Single(headers, h => h.Key == "traceparent");
        Assert.Equal(second.TraceId, KafkaTelemetry.ExtractContext(headers).ActivityContext.TraceId);
    }

    [Fact]
    public async Task A_publish_that_the_broker_never_acknowledges_ends_in_a_failed_span()
    {
        using var producer = UnreachableProducer();

        await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            producer.ProduceAsync("orders", new Message<string, string> { Key = "k", Value = "v" }, TestContext.Current.CancellationToken));
        _tracing.ForceFlush();

        var publish = Assert.Single(_spans, s => s.DisplayName == "orders publish");
        Assert.Equal(ActivityStatusCode.Error, publish.Status);
        Assert.Equal(nameof(ErrorCode.Local_MsgTimedOut), publish.GetTagItem("error.type"));
        Assert.Equal("orders", publish.GetTagItem("messaging.destination.name"));
    }

    [Fact]
    public async Task A_failed_publish_is_counted_with_its_error_type()
    {
        using var sent = new MetricCollector<long>(null, KafkaTelemetry.MeterName, "messaging.client.sent.messages");
        using var producer = UnreachableProducer();

        await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            producer.ProduceAsync("payments", new Message<string, string> { Key = "k", Value = "v" }, TestContext.Current.CancellationToken));

        var measurement = Assert.Single(sent.GetMeasurementSnapshot(), m => Equals(m.Tags["messaging.destination.name"], "payments"));
        Assert.Equal(1, measurement.Value);
        Assert.Equal(nameof(ErrorCode.Local_MsgTimedOut), measurement.Tags["error.type"]);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_when_no_broker_answers()
    {
        using var check = new KafkaHealthCheck(new ClientConfig { BootstrapServers = UnreachableBroker }, TimeSpan.FromSeconds(1));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task The_health_check_is_healthy_against_a_running_broker()
    {
        using var cluster = new LibrdkafkaMockCluster();
        using var check = new KafkaHealthCheck(new ClientConfig { BootstrapServers = cluster.BootstrapServers }, TimeSpan.FromSeconds(5));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    private static InstrumentedProducer<string, string> UnreachableProducer() =>
        new(new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = UnreachableBroker,
            MessageTimeoutMs = 300,
            SocketConnectionSetupTimeoutMs = 1000,
        }).SetLogHandler((_, _) => { }).Build(), tracing: true, metrics: true);

    public void Dispose() => _tracing.Dispose();
}
