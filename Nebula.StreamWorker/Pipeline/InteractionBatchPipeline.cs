using System.Diagnostics;
using Confluent.Kafka;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// A batch of interaction events, in named steps: <see cref="BatchDecoder">decode</see> →
/// <see cref="BatchApplier">apply</see> → <see cref="ListRanker">rank</see> → <see cref="StateWriter">write</see>.
/// One vector search and one Redis transaction serve the whole batch; each user's events apply in offset order.
/// The recommendation maths is in Nebula.Core; the steps only move data.
/// </summary>
public sealed class InteractionBatchPipeline(
    BatchDecoder decoder, BatchApplier applier, ListRanker ranker, StateWriter writer, StreamWorkerTelemetry telemetry, TimeProvider time)
{
    /// <param name="context">Events to dead-letter and known log starts, from the consume loop.</param>
    /// <param name="links">The process spans of the batch's other events, for the shared work to link.</param>
    public async Task<BatchOutcome> ProcessAsync(
        IReadOnlyList<ConsumeResult<string, string>> batch, BatchContext context, IEnumerable<ActivityLink> links, CancellationToken cancellationToken)
    {
        var decoded = decoder.Decode(batch, context);
        var applied = await applier.ApplyAsync(decoded, context, cancellationToken);
        var lists = await ranker.RankAsync(applied, cancellationToken);
        await writer.WriteAsync(applied, lists, links, cancellationToken);

        var now = time.GetUtcNow();
        foreach (var (_, interaction) in applied.Fresh)
        {
            telemetry.Freshness.Record((now - interaction.OccurredAt).TotalSeconds);
        }

        var outcome = new BatchOutcome(applied.Fresh.Count, applied.Replayed, applied.Duplicates, applied.DeadLetters.Count, applied.Forgotten, applied.Gaps);
        telemetry.BatchSize.Record(batch.Count);
        telemetry.Events.Add(outcome.Applied, new KeyValuePair<string, object?>("outcome", "applied"));
        telemetry.Events.Add(outcome.Replayed, new KeyValuePair<string, object?>("outcome", "replayed"));
        telemetry.Events.Add(outcome.Duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        telemetry.Events.Add(outcome.DeadLettered, new KeyValuePair<string, object?>("outcome", "dead_lettered"));
        telemetry.Events.Add(outcome.Forgotten, new KeyValuePair<string, object?>("outcome", "forgotten"));
        return outcome;
    }
}
