namespace Nebula.Core.Recommendations;

/// <summary>
/// A user's taste: the decayed, weighted sum of the vectors of the items they interacted with, kept as its
/// direction (<see cref="Vector"/>, unit length, null until a positive event) and its length (<see cref="Weight"/>).
/// </summary>
/// <param name="RecentItems">The most recent distinct items, newest first; they are never recommended back.</param>
public sealed record TasteProfile(float[]? Vector, double Weight, DateTimeOffset UpdatedAt, long EventCount, IReadOnlyList<string> RecentItems)
{
    public static TasteProfile Empty { get; } = new(null, 0, DateTimeOffset.MinValue, 0, []);
}
