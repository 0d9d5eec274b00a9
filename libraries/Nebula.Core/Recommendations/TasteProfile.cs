namespace Nebula.Core.Recommendations;

/// <summary>
/// A user's taste: the decayed, weighted sum of the vectors of the items they interacted with, kept as its
/// direction (<see cref="Vector"/>, unit length, null until a positive event) and its length (<see cref="Weight"/>).
/// </summary>
/// <param name="RecentItems">
/// The most recent distinct items, newest first; they are never recommended back, except <see cref="RepeatableItems"/>.
/// </param>
public sealed record TasteProfile(float[]? Vector, double Weight, DateTimeOffset UpdatedAt, long EventCount, IReadOnlyList<string> RecentItems)
{
    public static TasteProfile Empty { get; } = new(null, 0, DateTimeOffset.MinValue, 0, []);

    /// <summary>
    /// The recent items whose latest event was of a repeatable type (<see cref="RecommendationOptions.RepeatableEventTypes"/>),
    /// newest first: they may be recommended again. Always a subset of <see cref="RecentItems"/>.
    /// </summary>
    public IReadOnlyList<string> RepeatableItems { get; init; } = [];

    /// <summary>The items never recommended back: the recent items less the repeatable ones.</summary>
    public IReadOnlyList<string> ExcludedItems => RepeatableItems.Count == 0
        ? RecentItems
        : [.. RecentItems.Except(RepeatableItems, StringComparer.Ordinal)];
}
