using Nebula.Core.Contracts;

namespace Nebula.Core.Recommendations;

/// <summary>
/// Why each item of a blended list is there, with no I/O. The blend's three terms for the item
/// (<see cref="BlendedRanker"/>) become its reasons, each one that added to its score, the largest first (ties in the
/// order similar, next, popular):
/// <list type="bullet">
/// <item><c>similar</c>: ContentWeight·cos(profile, item), because of the touched item nearest to it (of the most recent
/// <see cref="BlendOptions.ReasonWindow"/>);</item>
/// <item><c>next</c>: TransitionWeight·transition(item), because of the recent item whose links add the most
/// (<see cref="ItemTransitions.StrongestSource"/>);</item>
/// <item><c>popular</c>: the popularity prior's share.</item>
/// </list>
/// It runs after the ranking on the same inputs, so it never changes a list's order or scores.
/// </summary>
public static class RecommendationExplainer
{
    /// <param name="ranked">The list <see cref="BlendedRanker.Rank"/> returned for <paramref name="profile"/>.</param>
    /// <param name="transitionScores">The same transition scores the ranking used.</param>
    /// <param name="transitionRows">The recent items' links the scores came from.</param>
    /// <param name="popularityShares">The same popularity shares the ranking used.</param>
    /// <param name="vectorOf">An item's vector (unit length), or null when it is not known.</param>
    /// <returns>The same items and scores, each with its reasons.</returns>
    public static IReadOnlyList<ScoredItem> Explain(
        IReadOnlyList<ScoredItem> ranked,
        TasteProfile profile,
        IReadOnlyDictionary<string, double> transitionScores,
        Func<string, TransitionRow?> transitionRows,
        IReadOnlyDictionary<string, double> popularityShares,
        Func<string, float[]?> vectorOf,
        RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(transitionScores);
        ArgumentNullException.ThrowIfNull(transitionRows);
        ArgumentNullException.ThrowIfNull(popularityShares);
        ArgumentNullException.ThrowIfNull(vectorOf);
        ArgumentNullException.ThrowIfNull(options);
        var blend = options.Blend;
        var prior = ItemTransitions.PopularityPriorWeight(profile.EventCount, options);
        var touched = profile.RecentItems.Take(blend.ReasonWindow)
            .Select(id => (Id: id, Vector: vectorOf(id)))
            .Where(item => item.Vector is not null)
            .ToList();

        var explained = new ScoredItem[ranked.Count];
        for (var i = 0; i < ranked.Count; i++)
        {
            var item = ranked[i];
            var reasons = new List<RecommendationReason>(3);
            var vector = vectorOf(item.ItemId);
            if (profile.Vector is not null && vector is not null)
            {
                var content = blend.ContentWeight * VectorMath.Dot(profile.Vector, vector);
                if (content > 0)
                {
                    reasons.Add(new RecommendationReason(RecommendationReason.Similar, Nearest(item.ItemId, vector, touched), content));
                }
            }

            var transition = blend.TransitionWeight * transitionScores.GetValueOrDefault(item.ItemId);
            if (transition > 0)
            {
                reasons.Add(new RecommendationReason(
                    RecommendationReason.Next, ItemTransitions.StrongestSource(profile.RecentItems, transitionRows, item.ItemId, options), transition));
            }

            var popularity = prior * popularityShares.GetValueOrDefault(item.ItemId);
            if (popularity > 0)
            {
                reasons.Add(new RecommendationReason(RecommendationReason.Popular, null, popularity));
            }

            // A stable sort: equal terms keep the order similar, next, popular.
            explained[i] = item with { Reasons = [.. reasons.OrderByDescending(reason => reason.Score)] };
        }

        return explained;
    }

    /// <summary>The touched item (other than the item itself) nearest to <paramref name="vector"/>, the newer on a tie; null when none has a vector.</summary>
    private static string? Nearest(string itemId, float[] vector, List<(string Id, float[]? Vector)> touched)
    {
        string? nearest = null;
        var best = double.NegativeInfinity;
        foreach (var (id, touchedVector) in touched)
        {
            var cosine = VectorMath.Dot(vector, touchedVector!);
            if (id != itemId && cosine > best)
            {
                (nearest, best) = (id, cosine);
            }
        }

        return nearest;
    }
}
