using System.Diagnostics;
using Microsoft.Extensions.Options;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.StreamWorker.State;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// Step 4, write: the dead letters to their topic, then everything the batch changes and the offsets it applied in one
/// Redis transaction (so that a replay is skipped), then each user's update notification.
/// </summary>
public sealed partial class StateWriter(
    RecommendationStateStore store,
    DeadLetterPublisher deadLetters,
    IOptions<RecommendationOptions> recommendationOptions,
    IOptions<StreamWorkerOptions> workerOptions,
    ILogger<StateWriter> logger)
{
    public async Task WriteAsync(AppliedBatch batch, IReadOnlyDictionary<string, RecommendationList?> lists, IEnumerable<ActivityLink> links, CancellationToken cancellationToken)
    {
        await deadLetters.PublishAsync(batch.DeadLetters, cancellationToken);
        foreach (var letter in batch.DeadLetters)
        {
            LogDeadLettered(logger, letter.Source.Partition.Value, letter.Source.Offset.Value, letter.Reason);
        }

        var changes = new StateChanges(
            workerOptions.Value.Topic,
            batch.Profiles,
            lists,
            batch.Popularity,
            batch.Transitions,
            recommendationOptions.Value.Blend.TransitionsKept,
            // Never backwards: a replayed batch below the record must not lower it, or the events between would apply twice.
            batch.Decoded.Messages.GroupBy(r => r.Partition.Value).ToDictionary(
                g => g.Key, g => Math.Max(g.Max(r => r.Offset.Value), batch.AppliedOffsets.GetValueOrDefault(g.Key, -1))));

        // Under the current (first event's) process span, linked to the others': one write serves the whole batch.
        using var write = StreamWorkerTelemetry.ActivitySource.StartActivity(
            "write recommendations", ActivityKind.Client, Activity.Current?.Context ?? default, links: links);
        write?.SetTag("db.system.name", "redis");
        write?.SetTag("db.operation.name", "MULTI");
        write?.SetTag("db.operation.batch.size", batch.Profiles.Count);
        await store.WriteAsync(changes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event at partition {Partition} offset {Offset} sent to the dead-letter topic: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, int partition, long offset, string reason);
}
