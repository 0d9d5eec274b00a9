using System.Diagnostics;
using Confluent.Kafka;

namespace Nebula.Kafka;

public static class KafkaProcessingExtensions
{
    /// <summary>
    /// Starts the process spans of <paramref name="results"/> (one message or a batch) and makes the first current;
    /// dispose the returned scope when the work is done.
    /// </summary>
    public static KafkaProcessing StartProcessing<TKey, TValue>(this IConsumer<TKey, TValue> consumer, IReadOnlyList<ConsumeResult<TKey, TValue>> results)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(results);

        var instrumented = consumer as InstrumentedConsumer<TKey, TValue>;
        var groupId = instrumented?.GroupId;
        var caller = Activity.Current;
        var spans = new Activity?[results.Count];
        // Last to first: starting a span also makes its message's baggage current, and the first message's should win.
        for (var i = results.Count - 1; i >= 0; i--)
        {
            spans[i] = KafkaTelemetry.StartProcessActivity(results[i], groupId);
            if (results.Count > 1)
            {
                spans[i]?.SetTag("messaging.batch.message_count", results.Count);
            }

            Activity.Current = caller;
        }

        Activity.Current = spans.FirstOrDefault(span => span is not null) ?? caller;
        return new KafkaProcessing(spans, caller, [.. results.Select(r => (r.Topic, groupId))], instrumented?.MetricsEnabled ?? true);
    }
}
