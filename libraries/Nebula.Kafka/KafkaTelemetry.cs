using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace Nebula.Kafka;

/// <summary>
/// Tracing and metrics of the Kafka client integration, named after the OpenTelemetry messaging
/// semantic conventions. Confluent.Kafka has no instrumentation of its own, so we add it here.
/// </summary>
public static class KafkaTelemetry
{
    public const string ActivitySourceName = "Nebula.Kafka";
    public const string MeterName = "Nebula.Kafka";

    private const string MessagingSystem = "kafka";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> SentMessages = Meter.CreateCounter<long>(
        "messaging.client.sent.messages", "{message}", "Messages a producer attempted to send.");

    internal static readonly Histogram<double> PublishDuration = Meter.CreateHistogram<double>(
        "messaging.client.operation.duration", "s", "Time from produce to the broker's acknowledgement.");

    internal static readonly Counter<long> ConsumedMessages = Meter.CreateCounter<long>(
        "messaging.client.consumed.messages", "{message}", "Messages a consumer received.");

    internal static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram<double>(
        "messaging.process.duration", "s", "Time the application spent processing one message.");

    /// <summary>
    /// W3C trace context plus baggage. The SDK's default propagator is a no-op until OpenTelemetry is
    /// initialised, and the integration must carry context even where only the API is loaded.
    /// </summary>
    private static readonly TextMapPropagator Propagator =
        new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]);

    internal static Activity? StartPublish<TKey, TValue>(string topic, Message<TKey, TValue> message, string clientName)
    {
        var activity = ActivitySource.StartActivity($"{topic} publish", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", MessagingSystem);
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "publish");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.client.id", clientName);
            if (message.Key is string key)
            {
                activity.SetTag("messaging.kafka.message.key", key);
            }
        }

        // Even an unsampled or absent activity passes on the caller's context, so that the trace survives.
        var context = activity?.Context ?? Activity.Current?.Context ?? default;
        message.Headers ??= [];
        InjectContext(new PropagationContext(context, Baggage.Current), message.Headers);
        return activity;
    }

    internal static void EndPublish(Activity? activity, string topic, TopicPartitionOffset? delivered, Exception? error, long startTimestamp, bool recordMetrics)
    {
        var tags = new TagList
        {
            { "messaging.system", MessagingSystem },
            { "messaging.operation.name", "publish" },
            { "messaging.destination.name", topic },
        };
        if (error is not null)
        {
            tags.Add("error.type", ErrorType(error));
        }

        if (recordMetrics)
        {
            SentMessages.Add(1, tags);
            PublishDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }

        if (activity is null)
        {
            return;
        }

        if (delivered is not null)
        {
            activity.SetTag("messaging.destination.partition.id", delivered.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", delivered.Offset.Value);
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", ErrorType(error));
        }

        activity.Dispose();
    }

    /// <summary>
    /// Starts the <c>{topic} process</c> span as a child of the context the producer put in the headers,
    /// so that one trace runs from the request that produced the message to the work it causes.
    /// </summary>
    public static Activity? StartProcessActivity<TKey, TValue>(ConsumeResult<TKey, TValue> result, string? consumerGroup)
    {
        ArgumentNullException.ThrowIfNull(result);

        var parent = ExtractContext(result.Message?.Headers);
        Baggage.Current = parent.Baggage;

        var activity = ActivitySource.StartActivity(
            $"{result.Topic} process", ActivityKind.Consumer, parent.ActivityContext);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", MessagingSystem);
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", result.Topic);
            activity.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", result.Offset.Value);
            if (consumerGroup is not null)
            {
                activity.SetTag("messaging.consumer.group.name", consumerGroup);
            }

            if (result.Message is { Key: string key })
            {
                activity.SetTag("messaging.kafka.message.key", key);
            }
        }

        return activity;
    }

    internal static void RecordConsumed(string topic, string? consumerGroup) =>
        ConsumedMessages.Add(1, ConsumerTags("poll", topic, consumerGroup));

    internal static void RecordProcessed(string topic, string? consumerGroup, Exception? error, TimeSpan elapsed)
    {
        var tags = ConsumerTags("process", topic, consumerGroup);
        if (error is not null)
        {
            tags.Add("error.type", ErrorType(error));
        }

        ProcessDuration.Record(elapsed.TotalSeconds, tags);
    }

    private static TagList ConsumerTags(string operation, string topic, string? consumerGroup)
    {
        var tags = new TagList
        {
            { "messaging.system", MessagingSystem },
            { "messaging.operation.name", operation },
            { "messaging.destination.name", topic },
        };
        if (consumerGroup is not null)
        {
            tags.Add("messaging.consumer.group.name", consumerGroup);
        }

        return tags;
    }

    internal static PropagationContext ExtractContext(Headers? headers) =>
        headers is null
            ? default
            : Propagator.Extract(default, headers, static (carrier, key) =>
                carrier.TryGetLastBytes(key, out var bytes) ? [Encoding.UTF8.GetString(bytes)] : []);

    internal static void InjectContext(PropagationContext context, Headers headers) =>
        Propagator.Inject(context, headers, static (carrier, key, value) =>
        {
            // A retried message must not carry two trace parents.
            carrier.Remove(key);
            carrier.Add(key, Encoding.UTF8.GetBytes(value));
        });

    internal static string ErrorType(Exception error) => error switch
    {
        KafkaException kafka => kafka.Error.Code.ToString(),
        _ => error.GetType().FullName ?? error.GetType().Name,
    };
}
