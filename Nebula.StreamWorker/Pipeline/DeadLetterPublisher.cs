using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.StreamWorker.State;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// Sends events that cannot be applied to the dead-letter topic: the original key, value and headers (trace context
/// included), plus the reason and where the event came from. A letter is first written to Redis with the state
/// (<see cref="PendingDeadLetter"/>), then published and forgotten; leftovers of a failed publish or a stopped worker
/// are published by the next batch.
/// </summary>
public sealed partial class DeadLetterPublisher(
    IProducer<string, string> producer, RecommendationStateStore store, IOptions<StreamWorkerOptions> options, ILogger<DeadLetterPublisher> logger)
{
    /// <summary>Why the event went to the dead-letter topic.</summary>
    public const string ReasonHeader = "nebula-dlq-reason";

    /// <summary>Where it was read: <c>topic/partition@offset</c>.</summary>
    public const string SourceHeader = "nebula-dlq-source";

    // Set at start too: a worker that stopped between its write and its publish left letters behind.
    private volatile bool _leftovers = true;

    /// <summary>The letter as it is kept until the broker has it.</summary>
    public static PendingDeadLetter Prepare(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var source = letter.Source;
        var id = string.Create(CultureInfo.InvariantCulture, $"{source.Topic}/{source.Partition.Value}@{source.Offset.Value}");
        List<KeyValuePair<string, byte[]>> headers = [.. (source.Message.Headers ?? []).Select(h => KeyValuePair.Create(h.Key, h.GetValueBytes()))];
        headers.Add(KeyValuePair.Create(ReasonHeader, Encoding.UTF8.GetBytes(letter.Reason)));
        headers.Add(KeyValuePair.Create(SourceHeader, Encoding.UTF8.GetBytes(id)));
        return new PendingDeadLetter(id, source.Message.Key, source.Message.Value, headers);
    }

    /// <summary>
    /// Publishes letters already written with the state, and any left over from before; a failure is logged and the
    /// letters stay in Redis for the next batch (the state they belong to is written, so the batch is not retried).
    /// </summary>
    public async Task PublishAsync(IReadOnlyList<PendingDeadLetter> letters, CancellationToken cancellationToken)
    {
        try
        {
            if (_leftovers)
            {
                var pending = await store.ReadPendingDeadLettersAsync(options.Value.Topic);
                await PublishAndForgetAsync(pending, cancellationToken);
                _leftovers = false;
            }
            else
            {
                await PublishAndForgetAsync(letters, cancellationToken);
            }
        }
        catch (Exception error) when (error is KafkaException or StackExchange.Redis.RedisException)
        {
            _leftovers = true;
            LogPublishFailed(logger, letters.Count, error);
        }
    }

    private async Task PublishAndForgetAsync(IReadOnlyList<PendingDeadLetter> letters, CancellationToken cancellationToken)
    {
        if (letters.Count == 0)
        {
            return;
        }

        await Task.WhenAll(letters.Select(letter =>
        {
            var headers = new Headers();
            foreach (var (key, value) in letter.Headers)
            {
                headers.Add(key, value);
            }

            return producer.ProduceAsync(
                options.Value.DeadLetterTopic,
                new Message<string, string> { Key = letter.Key!, Value = letter.Value, Headers = headers },
                cancellationToken);
        }));
        await store.RemovePendingDeadLettersAsync(options.Value.Topic, letters);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} dead letters failed; they stay in Redis and go with the next batch")]
    private static partial void LogPublishFailed(ILogger logger, int count, Exception error);
}
