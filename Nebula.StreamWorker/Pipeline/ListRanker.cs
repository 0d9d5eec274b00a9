using System.Numerics.Tensors;
using Microsoft.Extensions.Options;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.Milvus;
using Nebula.StreamWorker.State;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// Step 3, rank: one multi-vector search for every user of the batch, while the transitions and popular items are
/// read from Redis as they will be once the batch is written (one pipelined read; with two-step paths on, one more for
/// their middle items); then <see cref="BlendedRanker"/>, and
/// each listed item's reasons (<see cref="RecommendationExplainer"/>). Hidden items (<see cref="RedisKeys.HiddenItems"/>) are
/// never candidates.
/// </summary>
public sealed class ListRanker(
    MilvusClient milvus,
    RecommendationStateStore store,
    ItemVectorSource itemVectors,
    IOptions<RecommendationOptions> recommendationOptions,
    IOptions<StreamWorkerOptions> workerOptions,
    IOptions<ItemsCollectionOptions> itemsOptions,
    TimeProvider time)
{
    private static readonly string[] CandidateFields = [ItemFields.ItemId];

    private static readonly ParallelOptions Ranking = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    // Milvus refuses a topK above 16,384.
    private const int MaxSearchLimit = 16_384;

    private readonly RecommendationOptions _recommendations = recommendationOptions.Value;
    private readonly StreamWorkerOptions _options = workerOptions.Value;
    private readonly string _collection = itemsOptions.Value.CollectionName;

    /// <summary>Each user's new list; null for a user whose profile has no direction yet (only dislikes).</summary>
    public async Task<Dictionary<string, RecommendationList?>> RankAsync(AppliedBatch batch, CancellationToken cancellationToken)
    {
        var (profiles, events, transitions, popularity, eventVectors) = (batch.Profiles, batch.Fresh, batch.Transitions, batch.Popularity, batch.ItemVectors);
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
            _collection,
            [.. searched.Select(p => p.Value.Vector!)],
            new MilvusSearchRequest { AnnsField = ItemFields.Vector, Limit = limit, OutputFields = CandidateFields, Ef = Math.Max(limit, _options.SearchEf) },
            cancellationToken);
        // While the search runs: the transitions and popular items (one Redis round trip), each user's transition
        // scores, and the vectors of those candidates (cached; the search returns cosines only for its own hits).
        var preparing = PrepareRankingAsync(searched, transitions, popularity, eventVectors, cancellationToken);
        // Both awaited together, so that a failure of one never leaves the other unobserved.
        await Task.WhenAll(searching, preparing);
        var hits = await searching;
        var (popularityShares, transitionScores, rows, hidden, fetched) = await preparing;

        // Each user's ranking and reasons are pure and independent: spread over the cores (the inputs are only read).
        var ranked = new IReadOnlyList<ScoredItem>[searched.Count];
        Parallel.For(0, searched.Count, Ranking, i =>
        {
            var profile = searched[i].Value;
            var content = hits[i].Select(hit => new ScoredItem(hit.GetString(ItemFields.ItemId)!, hit.Distance)).ToList();
            ranked[i] = BlendedRanker.Rank(
                profile, content, transitionScores[i], popularityShares, id => Cosine(profile.Vector!, id, eventVectors, fetched), _recommendations, _recommendations.StoredListLength, hidden);
        });

        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var items in ranked)
        {
            unknown.UnionWith(items.Select(item => item.ItemId).Where(id => !eventVectors.ContainsKey(id) && !fetched.ContainsKey(id)));
        }

        // The reasons need the vectors of the listed items the search found (it returns their cosines only): one
        // more call, for the ones not cached.
        var listed = unknown.Count == 0 ? null : await itemVectors.GetAsync(unknown, cancellationToken);
        // One lookup per vector: the explainer asks for each listed item's and each user's recent items'.
        var vectors = new Dictionary<string, float[]>(fetched.Count + eventVectors.Count + (listed?.Count ?? 0), StringComparer.Ordinal);
        foreach (var (id, vector) in fetched)
        {
            vectors[id] = vector;
        }

        foreach (var (id, vector) in listed is null ? eventVectors : eventVectors.Concat(listed))
        {
            vectors[id] = vector;
        }

        var explained = new IReadOnlyList<ScoredItem>[searched.Count];
        Parallel.For(0, searched.Count, Ranking, i => explained[i] = RecommendationExplainer.Explain(
            ranked[i], searched[i].Value, transitionScores[i], rows.GetValueOrDefault, popularityShares, vectors.GetValueOrDefault, _recommendations));

        var now = time.GetUtcNow();
        for (var i = 0; i < searched.Count; i++)
        {
            var user = searched[i].Key;
            lists[user] = new RecommendationList(user, explained[i], now, lastEvent[user]);
        }

        return lists;
    }

    /// <summary>The ranking's inputs besides the search, the hidden items among them (the ranking leaves those out).</summary>
    private async Task<(Dictionary<string, double> PopularityShares, Dictionary<string, double>[] TransitionScores, IReadOnlyDictionary<string, TransitionRow> Rows, IReadOnlySet<string> Hidden, IReadOnlyDictionary<string, float[]> Vectors)> PrepareRankingAsync(
        List<KeyValuePair<string, TasteProfile>> searched,
        Dictionary<string, Dictionary<string, double>> transitions,
        Dictionary<string, double> popularity,
        IReadOnlyDictionary<string, float[]> eventVectors,
        CancellationToken cancellationToken)
    {
        var blend = _recommendations.Blend;
        var fromItems = searched.SelectMany(p => p.Value.RecentItems.Take(blend.TransitionWindow)).ToHashSet(StringComparer.Ordinal);
        var inputs = await store.ReadRankingInputsAsync(fromItems, blend.TransitionCandidates, blend.PopularCandidates, transitions, popularity);
        // The two-step paths' middle rows, known only once the newest items' rows are read: a second round trip, and
        // none (nor a copy of the rows) while the paths are off, as they are by default.
        var rows = inputs.Transitions;
        var middles = searched
            .SelectMany(p => ItemTransitions.TwoHopSources(p.Value.RecentItems, inputs.Transitions.GetValueOrDefault, _recommendations))
            .Where(item => !fromItems.Contains(item))
            .ToHashSet(StringComparer.Ordinal);
        if (middles.Count > 0)
        {
            var middleRows = await store.ReadTransitionRowsAsync(middles, blend.TwoHopLinks, transitions);
            foreach (var (item, row) in inputs.Transitions)
            {
                middleRows[item] = row;
            }

            rows = middleRows;
        }

        var now = time.GetUtcNow();
        var shares = BlendedRanker.PopularityShares([.. inputs.Popular.Select(item => item with { Score = PopularityScore.DecayedCount(item.Score, now, _recommendations) })]);
        var candidates = new HashSet<string>(shares.Keys, StringComparer.Ordinal);
        var scores = new Dictionary<string, double>[searched.Count];
        for (var i = 0; i < searched.Count; i++)
        {
            var userScores = scores[i] = new Dictionary<string, double>(StringComparer.Ordinal);
            ItemTransitions.AddScores(searched[i].Value.RecentItems, rows.GetValueOrDefault, _recommendations,
                (to, value) => userScores[to] = userScores.GetValueOrDefault(to) + value);
            candidates.UnionWith(userScores.Keys);
            // The recent items a "similar" reason may name.
            candidates.UnionWith(searched[i].Value.RecentItems.Take(blend.ReasonWindow));
        }

        candidates.ExceptWith(eventVectors.Keys);
        return (shares, scores, rows, inputs.Hidden, await itemVectors.GetAsync(candidates, cancellationToken));
    }

    /// <summary>Profile · item (both unit length); an item that left the catalogue gets none.</summary>
    private static double Cosine(float[] profile, string itemId, IReadOnlyDictionary<string, float[]> eventVectors, IReadOnlyDictionary<string, float[]> fetched) =>
        eventVectors.TryGetValue(itemId, out var vector) || fetched.TryGetValue(itemId, out vector)
            ? TensorPrimitives.Dot(profile, vector)
            : double.NegativeInfinity;
}
