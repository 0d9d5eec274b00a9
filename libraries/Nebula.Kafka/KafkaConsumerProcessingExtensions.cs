using System.Diagnostics;
using Confluent.Kafka;

namespace Nebula.Kafka;

public static class KafkaConsumerProcessingExtensions
{
    /// <summary>
    /// Runs <paramref name="handler"/> for one consumed message inside a <c>{topic} process</c> span that
    /// continues the producer's trace, and records the processing time. An exception marks the span as
    /// failed and is rethrown: what to do with the message is the caller's decision.
    /// </summary>
    public static async Task ProcessAsync<TKey, TValue>(
        this IConsumer<TKey, TValue> consumer,
        ConsumeResult<TKey, TValue> result,
        Func<ConsumeResult<TKey, TValue>, CancellationToken, Task> handler,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(handler);
        await consumer.ProcessBatchAsync(
            [result],
            async (_, token) =>
            {
                await handler(result, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="handler"/> once for a batch of consumed messages. Each message gets its own
    /// <c>{topic} process</c> span continuing its producer's trace; the first is current while the handler
    /// runs (so the batch's shared work is traced under it), and the handler receives all of them, in
    /// message order, to link. Processing time is recorded per message; an exception marks every span as
    /// failed and is rethrown.
    /// </summary>
    public static async Task<TResult> ProcessBatchAsync<TKey, TValue, TResult>(
        this IConsumer<TKey, TValue> consumer,
        IReadOnlyList<ConsumeResult<TKey, TValue>> results,
        Func<IReadOnlyList<Activity?>, CancellationToken, Task<TResult>> handler,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(handler);

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
        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        try
        {
            return await handler(spans, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            failure = error;
            foreach (var span in spans)
            {
                span?.SetStatus(ActivityStatusCode.Error, error.Message);
                span?.SetTag("error.type", KafkaTelemetry.ErrorType(error));
            }

            throw;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            foreach (var span in spans)
            {
                span?.Dispose();
            }

            if (instrumented?.MetricsEnabled ?? true)
            {
                foreach (var result in results)
                {
                    KafkaTelemetry.RecordProcessed(result.Topic, groupId, failure, elapsed);
                }
            }
        }
    }
}
