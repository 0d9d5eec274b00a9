using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.StreamWorker.State;

namespace Nebula.StreamWorker.Consuming;

/// <summary>
/// Forgets recorded offsets that a new broker log has made meaningless. A recorded offset always names a
/// message that exists, so it is below the partition's high watermark; at or above it, the broker's log
/// started again (the embedded broker keeps nothing between runs; a container without a volume neither)
/// while Redis kept the state, and the record would make the worker skip the new events as replays.
/// </summary>
public sealed partial class LogResetGuard(
    RecommendationStateStore store, IOptions<StreamWorkerOptions> options, ILogger<LogResetGuard> logger)
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs on assignment, before the first event of those partitions is consumed.</summary>
    public void OnPartitionsAssigned(IConsumer<string, string> consumer, IReadOnlyList<TopicPartition> partitions)
    {
        var topic = options.Value.Topic;
        try
        {
            var mine = partitions.Where(p => p.Topic == topic).ToList();
            var applied = store.ReadAppliedOffsetsAsync(topic, [.. mine.Select(p => p.Partition.Value)]).GetAwaiter().GetResult();
            var stale = new List<int>();
            foreach (var partition in mine)
            {
                if (applied.TryGetValue(partition.Partition.Value, out var offset)
                    && offset >= consumer.QueryWatermarkOffsets(partition, WatermarkTimeout).High.Value)
                {
                    stale.Add(partition.Partition.Value);
                    LogStaleOffset(logger, topic, partition.Partition.Value, offset);
                }
            }

            if (stale.Count > 0)
            {
                store.ForgetAppliedOffsetsAsync(topic, stale).GetAwaiter().GetResult();
            }
        }
        catch (Exception error) when (error is KafkaException or StackExchange.Redis.RedisException or TimeoutException)
        {
            LogCheckFailed(logger, topic, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Topic}/{Partition}: the recorded offset {Offset} is not below the broker's high watermark; the broker's log started again, so the record is dropped")]
    private static partial void LogStaleOffset(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not compare the recorded offsets of {Topic} with the broker's log")]
    private static partial void LogCheckFailed(ILogger logger, string topic, Exception error);
}
