using System.Diagnostics;
using Microsoft.Extensions.Options;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.StreamWorker.State;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// Step 4, write: everything the batch changes, the offsets and event ids it applied and its dead letters in one Redis
/// transaction (so that a replay is skipped; made only if no other worker wrote those partitions since the read),
/// each user's update notification, then the dead letters to their topic.
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
        var options = workerOptions.Value;
        var written = batch.Decoded.Messages.Where(r => !batch.Gaps.ContainsKey(r.Partition.Value)).GroupBy(r => r.Partition.Value).ToList();
        var letters = batch.DeadLetters.Select(DeadLetterPublisher.Prepare).ToList();
        var changes = new StateChanges(
            options.Topic,
            batch.Profiles,
            lists,
            batch.Popularity,
            batch.Transitions,
            recommendationOptions.Value.Blend.TransitionsKept,
            // Never backwards: a replayed batch below the record must not lower it, or the events between would apply twice.
            written.ToDictionary(g => g.Key, g => Math.Max(g.Max(r => r.Offset.Value), batch.AppliedOffsets.GetValueOrDefault(g.Key, -1))),
            written.ToDictionary(g => g.Key, g => batch.AppliedOffsets.TryGetValue(g.Key, out var offset) ? offset : (long?)null),
            [.. batch.Fresh.Select(e => e.Event)],
            options.AppliedEventWindow,
            letters,
            batch.ForgetGeneration);

        // Under the current (first event's) process span, linked to the others': one write serves the whole batch.
        using (var write = StreamWorkerTelemetry.ActivitySource.StartActivity(
            "write recommendations", ActivityKind.Client, Activity.Current?.Context ?? default, links: links))
        {
            write?.SetTag("db.system.name", "redis");
            write?.SetTag("db.operation.name", "MULTI");
            write?.SetTag("db.operation.batch.size", batch.Profiles.Count);
            await store.WriteAsync(changes);
        }

        foreach (var letter in batch.DeadLetters)
        {
            LogDeadLettered(logger, letter.Source.Partition.Value, letter.Source.Offset.Value, letter.Reason);
        }

        await deadLetters.PublishAsync(letters, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event at partition {Partition} offset {Offset} sent to the dead-letter topic: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, int partition, long offset, string reason);
}
