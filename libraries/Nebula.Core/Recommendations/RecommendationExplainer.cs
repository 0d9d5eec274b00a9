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
        var touched = new List<(string Id, float[] Vector)>(Math.Min(blend.ReasonWindow, profile.RecentItems.Count));
        for (var k = 0; k < profile.RecentItems.Count && k < blend.ReasonWindow; k++)
        {
            if (vectorOf(profile.RecentItems[k]) is { } touchedVector)
            {
                touched.Add((profile.RecentItems[k], touchedVector));
            }
        }

        // Each listed item's strongest source, once for the whole list (not once per listed item).
        var sources = blend.TransitionWeight > 0
            ? ItemTransitions.StrongestSources(profile.RecentItems, transitionRows, options, ListedIds(ranked))
            : null;

        // At most one reason per signal: a small array, sorted in place (this runs for every listed item of every user).
        Span<RecommendationReason?> reasons = new RecommendationReason?[3];
        var explained = new ScoredItem[ranked.Count];
        for (var i = 0; i < ranked.Count; i++)
        {
            var item = ranked[i];
            var count = 0;
            if (profile.Vector is not null && vectorOf(item.ItemId) is { } vector)
            {
                var content = blend.ContentWeight * VectorMath.Dot(profile.Vector, vector);
                if (content > 0)
                {
                    reasons[count++] = new RecommendationReason(RecommendationReason.Similar, Nearest(item.ItemId, vector, touched), content);
                }
            }

            var transition = blend.TransitionWeight * transitionScores.GetValueOrDefault(item.ItemId);
            if (transition > 0)
            {
                reasons[count++] = new RecommendationReason(
                    RecommendationReason.Next, sources?.GetValueOrDefault(item.ItemId), transition);
            }

            var popularity = prior * popularityShares.GetValueOrDefault(item.ItemId);
            if (popularity > 0)
            {
                reasons[count++] = new RecommendationReason(RecommendationReason.Popular, null, popularity);
            }

            explained[i] = item with { Reasons = Strongest(reasons[..count]) };
        }

        return explained;
    }

    private static HashSet<string> ListedIds(IReadOnlyList<ScoredItem> ranked)
    {
        var ids = new HashSet<string>(ranked.Count, StringComparer.Ordinal);
        for (var i = 0; i < ranked.Count; i++)
        {
            ids.Add(ranked[i].ItemId);
        }

        return ids;
    }

    /// <summary>The reasons, the largest term first; a stable insertion sort, so equal terms keep the order similar, next, popular.</summary>
    private static RecommendationReason[] Strongest(Span<RecommendationReason?> reasons)
    {
        var sorted = new RecommendationReason[reasons.Length];
        for (var i = 0; i < reasons.Length; i++)
        {
            var reason = reasons[i]!;
            var at = i;
            while (at > 0 && sorted[at - 1].Score < reason.Score)
            {
                sorted[at] = sorted[at - 1];
                at--;
            }

            sorted[at] = reason;
        }

        return sorted;
    }

    /// <summary>The touched item (other than the item itself) nearest to <paramref name="vector"/>, the newer on a tie; null when none has a vector.</summary>
    private static string? Nearest(string itemId, float[] vector, List<(string Id, float[] Vector)> touched)
    {
        string? nearest = null;
        var best = double.NegativeInfinity;
        foreach (var (id, touchedVector) in touched)
        {
            var cosine = VectorMath.Dot(vector, touchedVector);
            if (id != itemId && cosine > best)
            {
                (nearest, best) = (id, cosine);
            }
        }

        return nearest;
    }
}
