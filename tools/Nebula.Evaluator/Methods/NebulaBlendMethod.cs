using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.Evaluator.Data;

namespace Nebula.Evaluator.Methods;

/// <summary>
/// The worker's blended ranking (<see cref="BlendedRanker"/>): the content profile's nearest items, the
/// transitions of the user's recent items (<see cref="ItemTransitions"/>, learnt online from every user's
/// sequence) and the most popular items as candidates, scored by the library. State is in memory here and in
/// Redis in the worker, under the same rules.
/// </summary>
/// <param name="name">The name in the report (the same code with other settings is another row).</param>
public sealed class NebulaBlendMethod(ItemVectors vectors, RecommendationOptions options, string name = NebulaBlendMethod.DefaultName) : IRecommendationMethod
{
    private readonly Dictionary<string, TasteProfile> _profiles = new(StringComparer.Ordinal);
    private readonly InMemoryTransitionStore _transitions = new(options.Blend);
    private readonly double[] _popularity = new double[vectors.Count];

    public const string DefaultName = "Nebula blend (content + transitions + popularity)";

    public string Name => name;

    public void Observe(string userId, int item, DateTimeOffset at, string type)
    {
        var profile = _profiles.GetValueOrDefault(userId);
        var itemId = vectors.ItemIds[item];
        foreach (var increment in ItemTransitions.Increments(profile?.RecentItems ?? [], itemId, type, options))
        {
            _transitions.Add(increment);
        }

        _profiles[userId] = TasteProfileUpdater.Apply(profile, itemId, vectors[item], type, at, options);
        _popularity[item] += PopularityScore.Increment(options.WeightOf(type), at, options);
    }

    public int[] Recommend(string userId, DateTimeOffset now, IReadOnlyList<string> seen, int count)
    {
        var stored = _profiles.GetValueOrDefault(userId) ?? TasteProfile.Empty;
        var profile = stored with { RecentItems = seen, RepeatableItems = [] };
        var popular = PopularItems(now);
        if (stored.Vector is not { } vector)
        {
            // No profile direction (only dislikes so far): the worker writes no list and the Api serves the popular one.
            return CatalogScores.Indexes(SeenFilteredRanking.Rank(popular, profile, count), vectors);
        }

        var scores = new float[vectors.Count];
        CatalogScores.Dot(vectors, vector, scores);
        var content = CatalogScores.Best(scores, vectors, BlendedRanker.ContentCandidateCount(profile, count, options));
        var transitions = new Dictionary<string, double>(StringComparer.Ordinal);
        // The links come from the user's own recent items, whatever the list leaves out.
        // The window's rows, built once: the scores and the reasons both read them.
        var rows = new Dictionary<string, TransitionRow?>(StringComparer.Ordinal);
        TransitionRow? Row(string from) => rows.TryGetValue(from, out var row) ? row : rows[from] = _transitions.Row(from);
        ItemTransitions.AddScores(stored.RecentItems, Row, options, (to, value) => transitions[to] = transitions.GetValueOrDefault(to) + value);
        var shares = BlendedRanker.PopularityShares(popular);
        var ranked = BlendedRanker.Rank(profile, content, transitions, shares, id => vectors.TryGetIndex(id, out var index) ? scores[index] : double.NegativeInfinity, options, count);
        // With its reasons, as the worker stores it: what is measured is the list the worker writes.
        var explained = RecommendationExplainer.Explain(
            ranked, stored, transitions, Row, shares, id => vectors.TryGetIndex(id, out var index) ? vectors[index].ToArray() : null, options);
        return CatalogScores.Indexes(explained, vectors);
    }

    /// <summary>The most popular items with their decayed counts, as the worker reads them from the popularity sorted set.</summary>
    private List<ScoredItem> PopularItems(DateTimeOffset now)
    {
        // Decayed to "now" before the cast: a stored score of an event years before the epoch is far below the
        // smallest float (the worker's Redis keeps doubles), and would rank as 0.
        var scores = new float[_popularity.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = _popularity[i] > 0 ? (float)PopularityScore.DecayedCount(_popularity[i], now, options) : float.NegativeInfinity;
        }

        return CatalogScores.Best(scores, vectors, options.Blend.PopularCandidates);
    }
}
