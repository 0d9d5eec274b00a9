using Confluent.Kafka;

namespace Nebula.StreamWorker.Consuming;

/// <summary>
/// The partitions this worker owns, as the group last said. The consumer's rebalance handlers keep it (they run on
/// the consume thread, inside Consume or Close), and the consume loop drops events of a partition it no longer owns
/// instead of applying or committing them: the new owner reads them from what Redis recorded.
/// </summary>
public sealed class PartitionOwnership(StartOffsetResolver starts)
{
    private readonly HashSet<TopicPartition> _owned = [];

    /// <summary>Raised (on the consume thread) when partitions are revoked or lost, for the loop to drop the work it holds for them.</summary>
    public event Action<IReadOnlyList<TopicPartition>>? Revoked;

    public bool Owns(TopicPartition partition) => _owned.Contains(partition);

    public IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<string, string> consumer, List<TopicPartition> partitions)
    {
        _owned.UnionWith(partitions);
        return starts.Resolve(consumer, partitions);
    }

    /// <summary>Revoked in a rebalance, or lost (the group moved on without this member, e.g. after a long stall).</summary>
    public void OnRevoked(IEnumerable<TopicPartitionOffset> partitions)
    {
        List<TopicPartition> revoked = [.. partitions.Select(p => p.TopicPartition)];
        _owned.ExceptWith(revoked);
        Revoked?.Invoke(revoked);
    }
}
