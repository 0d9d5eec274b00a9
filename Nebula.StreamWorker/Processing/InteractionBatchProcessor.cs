using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.Core.Contracts;
using Nebula.Kafka;
using Nebula.Milvus;
using Nebula.Core.Recommendations;
using Nebula.StreamWorker.Diagnostics;
using Nebula.StreamWorker.State;

namespace Nebula.StreamWorker.Processing;

/// <summary>What happened to a batch's events.</summary>
public sealed record BatchOutcome(int Applied, int Replayed, int DeadLettered);

/// <summary>
/// Applies a batch of interaction events: one vector search for all its users, one Redis transaction for all
/// its writes, each user's events in offset order. The maths is <see cref="TasteProfileUpdater"/>,
/// <see cref="ItemTransitions"/> and <see cref="BlendedRanker"/>; this class only moves data.
/// </summary>
public sealed partial class InteractionBatchProcessor(
    IConsumer<string, string> consumer,
    RecommendationStateStore store,
    ItemVectorSource itemVectors,
    MilvusClient milvus,
    DeadLetterPublisher deadLetters,
    IOptions<RecommendationOptions> recommendationOptions,
    IOptions<StreamWorkerOptions> workerOptions,
    IOptions<ItemsCollectionOptions> itemsOptions,
    StreamWorkerTelemetry telemetry,
    TimeProvider time,
    ILogger<InteractionBatchProcessor> logger)
{
    private static readonly string[] CandidateFields = [ItemFields.ItemId];

    // Milvus refuses a topK above 16,384.
    private const int MaxSearchLimit = 16_384;

    private readonly RecommendationOptions _recommendations = recommendationOptions.Value;
    private readonly StreamWorkerOptions _options = workerOptions.Value;

    public async Task<BatchOutcome> ProcessAsync(IReadOnlyList<ConsumeResult<string, string>> batch, CancellationToken cancellationToken)
    {
        var outcome = await consumer.ProcessBatchAsync(batch, (spans, token) => ApplyAsync(batch, spans, token), cancellationToken);
        telemetry.BatchSize.Record(batch.Count);
        telemetry.Events.Add(outcome.Applied, new KeyValuePair<string, object?>("outcome", "applied"));
        telemetry.Events.Add(outcome.Replayed, new KeyValuePair<string, object?>("outcome", "replayed"));
        telemetry.Events.Add(outcome.DeadLettered, new KeyValuePair<string, object?>("outcome", "dead_lettered"));
        return outcome;
    }

    private async Task<BatchOutcome> ApplyAsync(
        IReadOnlyList<ConsumeResult<string, string>> batch, IReadOnlyList<Activity?> spans, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        var events = new List<(int Index, InteractionEvent Event)>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (!InteractionEventSerializer.TryParse(batch[i].Message.Value, out var interaction, out var reason))
            {
                letters.Add(new DeadLetter(batch[i], reason));
            }
            else if (!_recommendations.IsEventType(interaction!.Type))
            {
                letters.Add(new DeadLetter(batch[i], _recommendations.UnknownEventType(interaction.Type)));
            }
            else
            {
                events.Add((i, interaction));
            }
        }

        // The I/O below belongs to every event's trace; ProcessBatchAsync made the first event's process span current.
        var (applied, stored) = await store.ReadStateAsync(
            _options.Topic,
            [.. batch.Select(r => r.Partition.Value).Distinct()],
            [.. events.Select(e => e.Event.UserId).Distinct(StringComparer.Ordinal)]);
        var fresh = events.Where(e => !applied.TryGetValue(batch[e.Index].Partition.Value, out var last) || batch[e.Index].Offset.Value > last).ToList();
        var replayed = events.Count - fresh.Count;
        letters.RemoveAll(l => applied.TryGetValue(l.Source.Partition.Value, out var last) && l.Source.Offset.Value <= last);

        var vectors = await itemVectors.GetAsync([.. fresh.Select(e => e.Event.ItemId).Distinct(StringComparer.Ordinal)], cancellationToken);
        foreach (var unknown in fresh.Where(e => !vectors.ContainsKey(e.Event.ItemId)))
        {
            letters.Add(new DeadLetter(batch[unknown.Index], $"itemId '{unknown.Event.ItemId}' is not in the catalogue."));
        }

        fresh.RemoveAll(e => !vectors.ContainsKey(e.Event.ItemId));

        var (profiles, transitions) = UpdateProfiles(stored, fresh, vectors);
        var popularity = Popularity(fresh);
        var lists = await RecommendAsync(profiles, fresh, transitions, popularity, vectors, cancellationToken);

        await deadLetters.PublishAsync(letters, cancellationToken);
        foreach (var letter in letters)
        {
            LogDeadLettered(logger, letter.Source.Partition.Value, letter.Source.Offset.Value, letter.Reason);
        }

        var changes = new StateChanges(
            _options.Topic,
            profiles,
            lists,
            popularity,
            transitions,
            _recommendations.Blend.TransitionsKept,
            // Never backwards: a replayed batch below the record must not lower it, or the events between would apply twice.
            batch.GroupBy(r => r.Partition.Value).ToDictionary(
                g => g.Key, g => Math.Max(g.Max(r => r.Offset.Value), applied.GetValueOrDefault(g.Key, -1))));
        // Under the first event's process span, linked to the others': one write serves the whole batch.
        var others = spans.OfType<Activity>().Where(span => span != Activity.Current).Select(span => new ActivityLink(span.Context));
        using (var write = StreamWorkerTelemetry.ActivitySource.StartActivity(
            "write recommendations", ActivityKind.Client, Activity.Current?.Context ?? default, links: others))
        {
            write?.SetTag("db.system.name", "redis");
            write?.SetTag("db.operation.name", "MULTI");
            write?.SetTag("db.operation.batch.size", profiles.Count);
            await store.WriteAsync(changes);
        }

        var now = time.GetUtcNow();
        foreach (var (_, interaction) in fresh)
        {
            telemetry.Freshness.Record((now - interaction.OccurredAt).TotalSeconds);
        }

        return new BatchOutcome(fresh.Count, replayed, letters.Count);
    }

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

    private async Task<Dictionary<string, RecommendationList?>> RecommendAsync(
        Dictionary<string, TasteProfile> profiles,
        List<(int Index, InteractionEvent Event)> events,
        Dictionary<string, Dictionary<string, double>> transitions,
        Dictionary<string, double> popularity,
        IReadOnlyDictionary<string, float[]> eventVectors,
        CancellationToken cancellationToken)
    {
        var lastEvent = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (_, interaction) in events)
        {
            lastEvent[interaction.UserId] = interaction.EventId;
        }

        var lists = profiles.Where(p => p.Value.Vector is null).ToDictionary(p => p.Key, _ => (RecommendationList?)null, StringComparer.Ordinal);
        var searched = profiles.Where(p => p.Value.Vector is not null).ToList();
        if (searched.Count == 0)
        {
            return lists;
        }

        var count = _recommendations.RecommendationCount;
        var limit = Math.Min(MaxSearchLimit, searched.Max(p => BlendedRanker.ContentCandidateCount(p.Value, count, _recommendations)));
        var searching = milvus.SearchAsync(
            itemsOptions.Value.CollectionName,
            [.. searched.Select(p => p.Value.Vector!)],
            new MilvusSearchRequest { AnnsField = ItemFields.Vector, Limit = limit, OutputFields = CandidateFields, Ef = Math.Max(limit, _options.SearchEf) },
            cancellationToken);
        // While the search runs: the transitions and popular items (one Redis round trip), each user's transition
        // scores, and the vectors of those candidates (cached; the search returns cosines only for its own hits).
        var preparing = PrepareRankingAsync(searched, transitions, popularity, eventVectors, cancellationToken);
        // Both awaited together, so that a failure of one never leaves the other unobserved.
        await Task.WhenAll(searching, preparing);
        var hits = await searching;
        var (popularityShares, transitionScores, fetched) = await preparing;

        var now = time.GetUtcNow();
        for (var i = 0; i < searched.Count; i++)
        {
            var (user, profile) = searched[i];
            var content = hits[i].Select(hit => new ScoredItem(hit.GetString(ItemFields.ItemId)!, hit.Distance)).ToList();
            var ranked = BlendedRanker.Rank(profile, content, transitionScores[i], popularityShares, id => Cosine(profile.Vector!, id, eventVectors, fetched), _recommendations, count);
            lists[user] = new RecommendationList(user, ranked, now, lastEvent[user]);
        }

        return lists;
    }

    private async Task<(Dictionary<string, double> PopularityShares, Dictionary<string, double>[] TransitionScores, IReadOnlyDictionary<string, float[]> Vectors)> PrepareRankingAsync(
        List<KeyValuePair<string, TasteProfile>> searched,
        Dictionary<string, Dictionary<string, double>> transitions,
        Dictionary<string, double> popularity,
        IReadOnlyDictionary<string, float[]> eventVectors,
        CancellationToken cancellationToken)
    {
        var blend = _recommendations.Blend;
        var fromItems = searched.SelectMany(p => p.Value.RecentItems.Take(blend.TransitionWindow)).ToHashSet(StringComparer.Ordinal);
        var inputs = await store.ReadRankingInputsAsync(fromItems, blend.TransitionCandidates, blend.PopularCandidates, transitions, popularity);
        var now = time.GetUtcNow();
        var shares = BlendedRanker.PopularityShares([.. inputs.Popular.Select(item => item with { Score = PopularityScore.DecayedCount(item.Score, now, _recommendations) })]);
        var candidates = new HashSet<string>(shares.Keys, StringComparer.Ordinal);
        var scores = new Dictionary<string, double>[searched.Count];
        for (var i = 0; i < searched.Count; i++)
        {
            var userScores = scores[i] = new Dictionary<string, double>(StringComparer.Ordinal);
            ItemTransitions.AddScores(searched[i].Value.RecentItems, inputs.Transitions.GetValueOrDefault, _recommendations,
                (to, value) => userScores[to] = userScores.GetValueOrDefault(to) + value);
            candidates.UnionWith(userScores.Keys);
        }

        candidates.ExceptWith(eventVectors.Keys);
        return (shares, scores, await itemVectors.GetAsync(candidates, cancellationToken));
    }

    /// <summary>Profile · item (both unit length); an item that left the catalogue gets none.</summary>
    private static double Cosine(float[] profile, string itemId, IReadOnlyDictionary<string, float[]> eventVectors, IReadOnlyDictionary<string, float[]> fetched) =>
        eventVectors.TryGetValue(itemId, out var vector) || fetched.TryGetValue(itemId, out vector)
            ? System.Numerics.Tensors.TensorPrimitives.Dot(profile, vector)
            : double.NegativeInfinity;

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event at partition {Partition} offset {Offset} sent to the dead-letter topic: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, int partition, long offset, string reason);
}

