using Nebula.Core.Contracts;

namespace Nebula.Core.Recommendations;

/// <summary>Turns nearest-neighbour candidates into a recommendation list, with no I/O.</summary>
public static class RecommendationRanker
{
    /// <summary>
    /// How many candidates to ask the vector search for so that, after dropping every remembered item, a
    /// full list of <paramref name="count"/> is left.
    /// </summary>
    public static int CandidateCount(TasteProfile profile, int count)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return count + profile.RecentItems.Count;
    }

    /// <summary>The best <paramref name="count"/> candidates by score that the user has not seen, each once.</summary>
    public static IReadOnlyList<ScoredItem> Rank(IEnumerable<ScoredItem> candidates, TasteProfile profile, int count)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(profile);
        var excluded = new HashSet<string>(profile.RecentItems, StringComparer.Ordinal);
        return [.. candidates
            .OrderByDescending(candidate => candidate.Score)
            .ThenBy(candidate => candidate.ItemId, StringComparer.Ordinal)
            .Where(candidate => excluded.Add(candidate.ItemId))
            .Take(count)];
    }
}
