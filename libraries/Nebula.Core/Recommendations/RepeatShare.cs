namespace Nebula.Core.Recommendations;

/// <summary>
/// How often shoppers go back to an item they already had, learnt online, with no I/O: every positive event counts
/// once, and once more as a repeat when its item is among the user's recent items. A list gives the user's own
/// items the share of its places that repeats have among the events (none where shoppers rarely go back, as in
/// most catalogues; some where they buy again), instead of a fixed rule that always or never shows them.
/// </summary>
public static class RepeatShare
{
    /// <summary>What one event adds to the counts: (1, 1) for a positive event on a recent item, (1, 0) for another, nothing for a dislike.</summary>
    public static RepeatCounts Count(IReadOnlyList<string> recentBefore, string itemId, string eventType, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(recentBefore);
        ArgumentNullException.ThrowIfNull(options);
        if (options.WeightOf(eventType) <= 0)
        {
            return default;
        }

        return new RepeatCounts(1, recentBefore.Contains(itemId, StringComparer.Ordinal) ? 1 : 0);
    }

    /// <summary>
    /// As if this many events had gone to new items before any was counted: a few early repeats do not hand the
    /// list to the history.
    /// </summary>
    public const int PriorEvents = 20;

    /// <summary>
    /// Places of a <paramref name="count"/>-item list that go to the user's own items: the repeat share of the
    /// events, repeats / (positives + <see cref="PriorEvents"/>), times the list's length, rounded.
    /// </summary>
    public static int HistoryPlaces(RepeatCounts counts, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counts.Positive);
        ArgumentOutOfRangeException.ThrowIfNegative(counts.Repeated);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var share = (double)Math.Min(counts.Repeated, counts.Positive) / (counts.Positive + PriorEvents);
        return (int)Math.Floor((share * count) + 0.5);
    }
}
