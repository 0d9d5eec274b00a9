using System.Runtime.InteropServices;
using Nebula.Core.Contracts;

namespace Nebula.Core.Recommendations;

/// <summary>
/// The blended ranking, with no I/O: candidates from the vector search, from the transitions of the user's
/// recent items and from the most popular items, each scored as
/// <c>ContentWeight·cos(profile, item) + TransitionWeight·transition(item) + prior(events)·popularityShare(item)</c>,
/// where the share is log(1 + popularity) / log(1 + top popularity); the user's seen items
/// (<see cref="TasteProfile.ExcludedItems"/>) and the hidden items are left out, ties go
/// to the smaller id (<see cref="RecommendationRanker.RanksBefore"/>).
/// </summary>
public static class BlendedRanker
{
    /// <summary>Each popular item's share, log(1 + count) / log(1 + top count), computed once for many users.</summary>
    /// <param name="popular">The most popular items, most popular first, with their decayed counts.</param>
    public static Dictionary<string, double> PopularityShares(IReadOnlyList<ScoredItem> popular)
    {
        ArgumentNullException.ThrowIfNull(popular);
        var top = popular.Count > 0 ? Math.Log(1 + popular[0].Score) : 0;
        var shares = new Dictionary<string, double>(popular.Count, StringComparer.Ordinal);
        foreach (var item in popular)
        {
            shares.TryAdd(item.ItemId, top > 0 ? Math.Log(1 + item.Score) / top : 0);
        }

        return shares;
    }

    /// <param name="contentCandidates">The vector search's nearest items to the profile, with their cosine.</param>
    /// <param name="transitionScores">Each candidate's transition score (<see cref="ItemTransitions.AddScores"/>).</param>
    /// <param name="popularityShares">The popular items' shares (<see cref="PopularityShares"/>).</param>
    /// <param name="cosineOf">The cosine of an item that the search did not return (its vector fetched by the caller); not finite for an item that has none.</param>
    /// <param name="hidden">Items never ranked for anyone (an admin hid them), besides the user's own excluded items.</param>
    public static IReadOnlyList<ScoredItem> Rank(
        TasteProfile profile,
        IReadOnlyList<ScoredItem> contentCandidates,
        IReadOnlyDictionary<string, double> transitionScores,
        IReadOnlyDictionary<string, double> popularityShares,
        Func<string, double> cosineOf,
        RecommendationOptions options,
        int count,
        IReadOnlySet<string>? hidden = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(contentCandidates);
        ArgumentNullException.ThrowIfNull(transitionScores);
        ArgumentNullException.ThrowIfNull(popularityShares);
        ArgumentNullException.ThrowIfNull(cosineOf);
        ArgumentNullException.ThrowIfNull(options);
        var blend = options.Blend;
        var prior = ItemTransitions.PopularityPriorWeight(profile.EventCount, options);
        var seen = new HashSet<string>(profile.ExcludedItems, StringComparer.Ordinal);

        var candidates = new Dictionary<string, Signals>(contentCandidates.Count + transitionScores.Count + popularityShares.Count, StringComparer.Ordinal);
        foreach (var candidate in contentCandidates)
        {
            ref var signals = ref CollectionsMarshal.GetValueRefOrAddDefault(candidates, candidate.ItemId, out var exists);
            if (!exists)
            {
                signals.Cosine = candidate.Score;
                signals.HasCosine = true;
            }
        }

        foreach (var (itemId, transition) in transitionScores)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(candidates, itemId, out _).Transition = transition;
        }

        foreach (var (itemId, share) in popularityShares)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(candidates, itemId, out _).Popularity = share;
        }

        var best = new List<ScoredItem>(count + 1);
        foreach (var (itemId, signals) in candidates)
        {
            if (seen.Contains(itemId) || hidden?.Contains(itemId) == true)
            {
                continue;
            }

            var cosine = signals.HasCosine ? signals.Cosine : cosineOf(itemId);
            var score = (blend.ContentWeight * cosine) + (blend.TransitionWeight * signals.Transition) + (prior * signals.Popularity);
            // An item without a vector any more (removed from the catalogue) has no cosine and is left out.
            if (double.IsFinite(score))
            {
                RecommendationRanker.InsertBest(best, itemId, score, count);
            }
        }

        return best;
    }

    /// <summary>
    /// Content candidates to ask the search for: the list, plus room for the seen items it will drop, up to
    /// <see cref="BlendOptions.SeenAllowance"/> (transitions and popular items fill a list the seen ones thinned).
    /// </summary>
    public static int ContentCandidateCount(TasteProfile profile, int count, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        return count + Math.Min(profile.RecentItems.Count, options.Blend.SeenAllowance);
    }

    private struct Signals
    {
        public double Cosine;
        public bool HasCosine;
        public double Transition;
        public double Popularity;
    }
}
