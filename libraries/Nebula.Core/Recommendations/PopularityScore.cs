namespace Nebula.Core.Recommendations;

/// <summary>
/// Decayed popularity without rewriting every count: each event adds weight · 2^((t − epoch) / half-life)
/// to its item's score (forward decay), so one ZINCRBY per event keeps the ranking equal to that of counts
/// decayed to "now"; dividing by 2^((now − epoch) / half-life) gives the decayed count itself.
/// </summary>
public static class PopularityScore
{
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What an event adds to its item's score; events with a negative weight (dislikes) add nothing.</summary>
    public static double Increment(double eventWeight, DateTimeOffset occurredAt, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return eventWeight <= 0 ? 0 : eventWeight * Growth(occurredAt, options);
    }

    /// <summary>The decayed count at <paramref name="now"/> behind a stored score.</summary>
    public static double DecayedCount(double storedScore, DateTimeOffset now, RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return storedScore / Growth(now, options);
    }

    private static double Growth(DateTimeOffset at, RecommendationOptions options) =>
        Math.Pow(2, (at - Epoch) / options.PopularityHalfLife);
}
