using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.Evaluator.Methods;

/// <summary>
/// The content-only ranking the evaluator's baselines use: nearest-neighbour candidates, enough of them that a
/// full list is left once the user's remembered items are dropped.
/// </summary>
public static class SeenFilteredRanking
{
    /// <summary>
    /// How many candidates to ask the search for so that, after dropping every remembered item, a full list of
    /// <paramref name="count"/> is left.
    /// </summary>
    public static int CandidateCount(TasteProfile profile, int count)
    {
        return count + profile.RecentItems.Count;
    }

    /// <summary>The best <paramref name="count"/> candidates by score that the user has not seen, each once (ties: the smaller id).</summary>
    public static IReadOnlyList<ScoredItem> Rank(IEnumerable<ScoredItem> candidates, TasteProfile profile, int count)
    {
        var excluded = new HashSet<string>(profile.RecentItems, StringComparer.Ordinal);
        return [.. candidates
            .OrderByDescending(candidate => candidate.Score)
            .ThenBy(candidate => candidate.ItemId, StringComparer.Ordinal)
            .Where(candidate => excluded.Add(candidate.ItemId))
            .Take(count)];
    }
}
