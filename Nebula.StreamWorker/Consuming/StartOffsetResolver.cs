using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.StreamWorker.State;

namespace Nebula.StreamWorker.Consuming;

/// <summary>
/// Where each newly assigned partition starts: after the offset Redis recorded as applied, when there is one, so that
/// a Redis that lost writes has them read again (Kafka's committed offset may be ahead of the state); otherwise at
/// Kafka's committed offset. A record at or above the partition's high watermark cannot name a message that exists:
/// the broker's log started again (the embedded broker keeps nothing between runs; a container without a volume
/// neither) while Redis kept the state, so the record is dropped rather than have the new events skipped as replays.
/// </summary>
public sealed partial class StartOffsetResolver(
    RecommendationStateStore store, IOptions<StreamWorkerOptions> options, ILogger<StartOffsetResolver> logger)
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs on assignment, before the first event of those partitions is consumed.</summary>
    public IReadOnlyList<TopicPartitionOffset> Resolve(IConsumer<string, string> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var topic = options.Value.Topic;
        var starts = partitions.ToDictionary(p => p, p => new TopicPartitionOffset(p, Offset.Unset));
        IReadOnlyDictionary<int, long> applied;
        try
        {
            applied = store.ReadAppliedOffsetsAsync(topic, [.. partitions.Where(p => p.Topic == topic).Select(p => p.Partition.Value)]).GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The first batch compares its events with the record again (AppliedOffsetRule) and rewinds if it must.
            LogReadFailed(logger, topic, error);
            return [.. starts.Values];
        }

        var stale = new List<int>();
        foreach (var partition in partitions.Where(p => p.Topic == topic && applied.ContainsKey(p.Partition.Value)))
        {
            var offset = applied[partition.Partition.Value];
            try
            {
                if (offset >= consumer.QueryWatermarkOffsets(partition, WatermarkTimeout).High.Value)
                {
                    stale.Add(partition.Partition.Value);
                    LogStaleOffset(logger, topic, partition.Partition.Value, offset);
                }
                else
                {
                    starts[partition] = new TopicPartitionOffset(partition, offset + 1);
                }
            }
            catch (KafkaException error)
            {
                LogWatermarkFailed(logger, topic, partition.Partition.Value, error);
            }
        }

        if (stale.Count > 0)
        {
            store.ForgetAppliedOffsetsAsync(topic, stale).GetAwaiter().GetResult();
        }

        return [.. starts.Values];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Topic}/{Partition}: the recorded offset {Offset} is not below the broker's high watermark; the broker's log started again, so the record is dropped")]
    private static partial void LogStaleOffset(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the applied offsets of {Topic}; the assigned partitions start at Kafka's committed offsets and the first batch checks them")]
    private static partial void LogReadFailed(ILogger logger, string topic, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Topic}/{Partition}: could not read the broker's high watermark; starting at Kafka's committed offset")]
    private static partial void LogWatermarkFailed(ILogger logger, string topic, int partition, Exception error);
}
