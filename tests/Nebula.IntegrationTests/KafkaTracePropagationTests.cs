using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nebula.EmbeddedKafka;
using Nebula.Kafka;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Nebula.IntegrationTests;

/// <summary>
/// One trace from the request that produces a message to the work done for it, through a real broker
/// (a private librdkafka mock cluster), recorded by an in-memory exporter.
/// </summary>
public sealed class KafkaTracePropagationTests : IDisposable
{
    private const string Topic = "traced";
    private static readonly ActivitySource Requests = new("Nebula.IntegrationTests.Requests");

    private readonly LibrdkafkaMockCluster _cluster = new();
    private readonly List<Activity> _spans = [];
    private readonly TracerProvider _tracing;

    public KafkaTracePropagationTests()
    {
        _cluster.CreateTopic(Topic, partitions: 1);
        _cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Requests.Name, KafkaTelemetry.ActivitySourceName)
            .AddInMemoryExporter(_spans)
            .Build();
    }

    [Fact]
    public async Task A_message_produced_inside_an_activity_is_processed_in_a_span_of_the_same_trace()
    {
        ActivityContext request;
        using (var activity = Requests.StartActivity("POST /interactions"))
        {
            request = activity!.Context;
            await ProduceAsync("user-1");
        }

        var processing = await ConsumeAndProcessAsync();

        var publish = Assert.Single(_spans, s => s.DisplayName == $"{Topic} publish");
        var process = Assert.Single(_spans, s => s.DisplayName == $"{Topic} process");
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(request.TraceId, publish.TraceId);
        Assert.Equal(request.SpanId, publish.ParentSpanId);
        Assert.Equal(request.TraceId, process.TraceId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal(process.SpanId, processing.SpanId);
    }

    [Fact]
    public async Task Baggage_set_by_the_producer_is_visible_while_processing()
    {
        using (Requests.StartActivity("POST /interactions"))
        {
            Baggage.SetBaggage("nebula.tenant", "demo");
            await ProduceAsync("user-2");
            Baggage.Current = default;
        }

        var processing = await ConsumeAndProcessAsync();

        Assert.Equal("demo", processing.Baggage);
    }

    [Fact]
    public async Task A_message_produced_outside_any_trace_is_processed_in_a_new_trace()
    {
        await ProduceAsync("user-3");

        var processing = await ConsumeAndProcessAsync();

        var publish = Assert.Single(_spans, s => s.DisplayName == $"{Topic} publish");
        Assert.Equal(default, publish.ParentSpanId);
        Assert.Equal(publish.TraceId, processing.TraceId);
    }

    [Fact]
    public async Task A_failure_while_processing_marks_the_process_span_as_failed()
    {
        await ProduceAsync("user-4");

        await Assert.ThrowsAsync<InvalidDataException>(() => ConsumeAndProcessAsync(fail: true));

        var process = Assert.Single(_spans, s => s.DisplayName == $"{Topic} process");
        Assert.Equal(ActivityStatusCode.Error, process.Status);
        Assert.Equal(typeof(InvalidDataException).FullName, process.GetTagItem("error.type"));
    }

    private async Task ProduceAsync(string key)
    {
        using var host = KafkaClientHost.Create(_cluster.BootstrapServers, builder => builder.AddKafkaProducer<string, string>("kafka"));
        var producer = host.Services.GetRequiredService<IProducer<string, string>>();
        await producer.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = "{}" }, TestContext.Current.CancellationToken);
    }

    private async Task<(ActivityTraceId TraceId, ActivitySpanId SpanId, string? Baggage)> ConsumeAndProcessAsync(bool fail = false)
    {
        using var host = KafkaClientHost.Create(_cluster.BootstrapServers, builder => builder.AddKafkaConsumer<string, string>("kafka", settings =>
        {
            settings.Config.GroupId = $"trace-test-{Guid.NewGuid():N}";
            settings.Config.AutoOffsetReset = AutoOffsetReset.Earliest;
        }));
        var consumer = host.Services.GetRequiredService<IConsumer<string, string>>();
        consumer.Subscribe(Topic);
        var result = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("No message arrived.");

        (ActivityTraceId, ActivitySpanId, string?) observed = default;
        try
        {
            using var processing = consumer.StartProcessing([result]);
            try
            {
                var current = Activity.Current!;
                observed = (current.TraceId, current.SpanId, Baggage.GetBaggage("nebula.tenant"));
                await Task.Yield();
                if (fail)
                {
                    throw new InvalidDataException("unprocessable");
                }
            }
            catch (Exception error)
            {
                processing.Fail(error);
                throw;
            }
        }
        finally
        {
            consumer.Close();
            _tracing.ForceFlush();
        }

        return observed;
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _cluster.Dispose();
    }
}
