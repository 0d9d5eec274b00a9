using System.Diagnostics;
using Confluent.Kafka;

namespace Nebula.Core.Kafka;

public static class KafkaConsumerProcessingExtensions
{
    /// <summary>The consumer group of a consumer made by <c>AddKafkaConsumer</c> (null for any other consumer).</summary>
    public static string? GroupId<TKey, TValue>(this IConsumer<TKey, TValue> consumer) =>
        (consumer as InstrumentedConsumer<TKey, TValue>)?.GroupId;

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
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(handler);

        var instrumented = consumer as InstrumentedConsumer<TKey, TValue>;
        var groupId = instrumented?.GroupId;
        using var activity = KafkaTelemetry.StartProcessActivity(result, groupId);
        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        try
        {
            await handler(result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            failure = error;
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            activity?.SetTag("error.type", KafkaTelemetry.ErrorType(error));
            throw;
        }
        finally
        {
            if (instrumented?.MetricsEnabled ?? true)
            {
                KafkaTelemetry.RecordProcessed(result.Topic, groupId, failure, Stopwatch.GetElapsedTime(started));
            }
        }
    }
}
