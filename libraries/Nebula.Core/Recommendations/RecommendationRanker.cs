using Nebula.Core.Contracts;

namespace Nebula.Core.Recommendations;

/// <summary>The order of a recommendation list, with no I/O: the higher score first, a tie to the smaller id.</summary>
public static class RecommendationRanker
{
    /// <summary>Whether an item ranks before another in a list: the higher score first, a tie to the smaller id.</summary>
    public static bool RanksBefore(double score, string itemId, double otherScore, string otherItemId) =>
        score > otherScore || (score == otherScore && string.CompareOrdinal(itemId, otherItemId) < 0);

    /// <summary>
    /// Adds an item to a best-first list that keeps at most <paramref name="count"/> items. The entry is made only for an
    /// item that gets a place: a ranking offers hundreds of candidates for a list of fifty.
    /// </summary>
    public static void InsertBest(List<ScoredItem> best, string itemId, double score, int count)
    {
        ArgumentNullException.ThrowIfNull(best);
        ArgumentNullException.ThrowIfNull(itemId);
        if (count <= 0 || (best.Count >= count && !RanksBefore(score, itemId, best[^1].Score, best[^1].ItemId)))
        {
            return;
        }

        var at = best.Count;
        while (at > 0 && RanksBefore(score, itemId, best[at - 1].Score, best[at - 1].ItemId))
        {
            at--;
        }

        best.Insert(at, new ScoredItem(itemId, score));
        if (best.Count > count)
        {
            best.RemoveAt(best.Count - 1);
        }
    }
}
