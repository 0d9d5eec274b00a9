using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.StreamWorker.State;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// Step 2, apply: reads the applied offsets, the users' profiles and their applied event ids (one Redis round trip),
/// leaves partitions with a gap for the consume loop, skips what was applied before (by offset, then by event id), drops
/// forgotten users' events from before their deletion, fetches the items' vectors, dead-letters unknown items, and applies each user's events in order
/// (<see cref="TasteProfileUpdater"/>, <see cref="ItemTransitions"/>, <see cref="PopularityScore"/>).
/// </summary>
public sealed class BatchApplier(
    RecommendationStateStore store, ItemVectorSource itemVectors, IOptions<RecommendationOptions> recommendationOptions, IOptions<StreamWorkerOptions> workerOptions)
{
    private readonly RecommendationOptions _recommendations = recommendationOptions.Value;
    private readonly string _topic = workerOptions.Value.Topic;

    public async Task<AppliedBatch> ApplyAsync(DecodedBatch decoded, BatchContext context, CancellationToken cancellationToken)
    {
        var messages = decoded.Messages;
        var stored = await store.ReadStateAsync(
            _topic, [.. messages.Select(r => r.Partition.Value).Distinct()], [.. decoded.Events.Select(e => e.Event)]);
        var applied = stored.AppliedOffsets;

        // Partitions whose events lie beyond what Redis says was applied are left for the consume loop to read again.
        var gaps = new Dictionary<int, long>();
        foreach (var partition in messages.GroupBy(r => r.Partition.Value))
        {
            var replayFrom = AppliedOffsetRule.ReplayFrom(
                applied.TryGetValue(partition.Key, out var last) ? last : null,
                partition.Min(r => r.Offset.Value),
                context.LogStarts.TryGetValue(partition.Key, out var start) ? start : null);
            if (replayFrom is { } offset)
            {
                gaps[partition.Key] = offset;
            }
        }

        bool Skipped(int partition, long offset) => gaps.ContainsKey(partition) || (applied.TryGetValue(partition, out var last) && offset <= last);
        var unapplied = decoded.Events.Where(e => !Skipped(messages[e.Index].Partition.Value, messages[e.Index].Offset.Value)).ToList();
        var replayed = decoded.Events.Count(e => !gaps.ContainsKey(messages[e.Index].Partition.Value)) - unapplied.Count;

        // An event id applied before (or earlier in this batch) is applied once: the Api publishes an id once, but a
        // client can reach two Api instances after the reservation's time to live, or replay from its own log.
        var seen = new HashSet<(string, Guid)>(stored.AppliedEvents);
        var unseen = unapplied.Where(e => seen.Add((e.Event.UserId, e.Event.EventId))).ToList();
        var duplicates = unapplied.Count - unseen.Count;

        // A forgotten user's events published before the deletion were already in the topic: dropped, never applied.
        var fresh = unseen.Where(e => !IsForgotten(stored.ForgottenAt, messages[e.Index], e.Event)).ToList();
        var forgotten = unseen.Count - fresh.Count;
        var letters = decoded.DeadLetters.Where(l => !Skipped(l.Source.Partition.Value, l.Source.Offset.Value)).ToList();

        var vectors = await itemVectors.GetAsync([.. fresh.Select(e => e.Event.ItemId).Distinct(StringComparer.Ordinal)], cancellationToken);
        foreach (var unknown in fresh.Where(e => !vectors.ContainsKey(e.Event.ItemId)))
        {
            letters.Add(new DeadLetter(messages[unknown.Index], $"itemId '{unknown.Event.ItemId}' is not in the catalogue."));
        }

        fresh.RemoveAll(e => !vectors.ContainsKey(e.Event.ItemId));
        var (profiles, transitions) = UpdateProfiles(stored.Profiles, fresh, vectors);
        return new AppliedBatch(
            decoded, fresh, replayed, duplicates, profiles, transitions, Popularity(fresh), vectors, applied, letters, gaps, forgotten, stored.ForgetGeneration);
    }

    // The broker's time of the message (the producer's clock when the Api published it); the event's own time without one.
    private static bool IsForgotten(IReadOnlyDictionary<string, long> forgottenAt, ConsumeResult<string, string> message, InteractionEvent interaction)
        => forgottenAt.TryGetValue(interaction.UserId, out var at)
           && (message.Message.Timestamp.Type == TimestampType.NotAvailable
               ? interaction.OccurredAt.ToUnixTimeMilliseconds()
               : message.Message.Timestamp.UnixTimestampMs) <= at;

    /// <summary>Each user's events in order: the new profiles, and the transition links the events make (from the items before each).</summary>
    private (Dictionary<string, TasteProfile> Profiles, Dictionary<string, Dictionary<string, double>> Transitions) UpdateProfiles(
        IReadOnlyDictionary<string, TasteProfile> stored, List<(int Index, InteractionEvent Event)> events, IReadOnlyDictionary<string, float[]> vectors)
    {
        var users = events.Select(e => e.Event.UserId).Distinct(StringComparer.Ordinal).ToList();
        var profiles = new Dictionary<string, TasteProfile>(stored, StringComparer.Ordinal);
        var transitions = new List<TransitionIncrement>();
        // The batch is in offset order and one user's events share a partition: each user's events apply in order.
        foreach (var (_, interaction) in events)
        {
            var profile = profiles.GetValueOrDefault(interaction.UserId);
            transitions.AddRange(ItemTransitions.Increments(profile?.RecentItems ?? [], interaction.ItemId, interaction.Type, _recommendations));
            profiles[interaction.UserId] = TasteProfileUpdater.Apply(
                profile, interaction.ItemId, vectors[interaction.ItemId], interaction.Type, interaction.OccurredAt, _recommendations);
        }

        return (users.ToDictionary(user => user, user => profiles[user], StringComparer.Ordinal), ItemTransitions.SumByLink(transitions));
    }

    private Dictionary<string, double> Popularity(List<(int Index, InteractionEvent Event)> events)
    {
        var increments = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (_, interaction) in events)
        {
            var increment = PopularityScore.Increment(_recommendations.WeightOf(interaction.Type), interaction.OccurredAt, _recommendations);
            if (increment > 0)
            {
                increments[interaction.ItemId] = increments.GetValueOrDefault(interaction.ItemId) + increment;
            }
        }

        return increments;
    }
}
