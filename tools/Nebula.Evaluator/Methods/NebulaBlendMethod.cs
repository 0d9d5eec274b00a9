using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.Evaluator.Data;

namespace Nebula.Evaluator.Methods;

/// <summary>
/// The worker's blended ranking (<see cref="BlendedRanker"/>): the content profile's nearest items, the
/// transitions of the user's recent items (<see cref="ItemTransitions"/>, learnt online from every user's
/// sequence) and the most popular items as candidates, scored by the library. State is in memory here and in
/// Redis in the worker, under the same rules. Ranking every item (nothing left out by the protocol), the user's
/// own items take the places that the repeat share learnt from the replayed events gives them, as in the worker.
/// Without <paramref name="learnsHistoryPlaces"/> it is the blend before that: the user's items compete by score.
/// </summary>
public sealed class NebulaBlendMethod(ItemVectors vectors, RecommendationOptions options, bool learnsHistoryPlaces = true) : IRecommendationMethod
{
    private readonly Dictionary<string, TasteProfile> _profiles = new(StringComparer.Ordinal);
    private readonly InMemoryTransitionStore _transitions = new(options.Blend);
    private readonly double[] _popularity = new double[vectors.Count];
    private RepeatCounts _repeats;

    public string Name => learnsHistoryPlaces
        ? "Nebula blend (content + transitions + popularity)"
        : "Nebula blend, history ranked by score (before the repeat share)";

    public void Observe(string userId, int item, DateTimeOffset at, string type)
    {
        var profile = _profiles.GetValueOrDefault(userId);
        var itemId = vectors.ItemIds[item];
        foreach (var increment in ItemTransitions.Increments(profile?.RecentItems ?? [], itemId, type, options))
        {
            _transitions.Add(increment);
        }

        _repeats += RepeatShare.Count(profile?.RecentItems ?? [], itemId, type, options);
        _profiles[userId] = TasteProfileUpdater.Apply(profile, itemId, vectors[item], type, at, options);
        _popularity[item] += PopularityScore.Increment(options.WeightOf(type), at, options);
    }

    public int[] Recommend(string userId, DateTimeOffset now, IReadOnlyList<string> seen, int count)
    {
        var stored = _profiles.GetValueOrDefault(userId) ?? TasteProfile.Empty;
        // Every item ranked: the user's items compete for the places the repeat share gives them. Seen items left
        // out by the protocol: they are the recent items, and take no place.
        var learnt = learnsHistoryPlaces && seen.Count == 0;
        var profile = learnt ? stored : stored with { RecentItems = seen };
        var historyPlaces = learnt ? RepeatShare.HistoryPlaces(_repeats, count) : 0;
        var popular = PopularItems(now);
        if (stored.Vector is not { } vector)
        {
            // No profile direction (only dislikes so far): the worker writes no list and the Api serves the popular one.
            return CatalogScores.Indexes(SeenFilteredRanking.Rank(popular, stored with { RecentItems = seen }, count), vectors);
        }

        var scores = new float[vectors.Count];
        CatalogScores.Dot(vectors, vector, scores);
        var content = CatalogScores.Best(scores, vectors, BlendedRanker.ContentCandidateCount(profile, count, options));
        var transitions = new Dictionary<string, double>(StringComparer.Ordinal);
        // The links come from the user's own recent items, whatever the list leaves out.
        ItemTransitions.AddScores(stored.RecentItems, _transitions.Row, options, (to, value) => transitions[to] = transitions.GetValueOrDefault(to) + value);
        var ranked = BlendedRanker.Rank(profile, content, transitions, BlendedRanker.PopularityShares(popular), id => vectors.TryGetIndex(id, out var index) ? scores[index] : double.NegativeInfinity, options, count, historyPlaces);
        return CatalogScores.Indexes(ranked, vectors);
    }

    /// <summary>The most popular items with their decayed counts, as the worker reads them from the popularity sorted set.</summary>
    private List<ScoredItem> PopularItems(DateTimeOffset now)
    {
        var scores = new float[_popularity.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = _popularity[i] > 0 ? (float)_popularity[i] : float.NegativeInfinity;
        }

        return [.. CatalogScores.Best(scores, vectors, options.Blend.PopularCandidates)
            .Select(item => item with { Score = PopularityScore.DecayedCount(item.Score, now, options) })];
    }
}
