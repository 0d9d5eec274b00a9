namespace Nebula.Core.Contracts;

/// <summary>
/// Why an item is in a list: one of the blend's signals (<see cref="Reason"/>), what it added to the item's score, and
/// the shopper's item behind it (<see cref="Because"/>; none for <see cref="Popular"/>).
/// </summary>
public sealed record RecommendationReason(string Reason, string? Because, double Score)
{
    /// <summary>Content: the item is near the shopper's taste; <see cref="Because"/> is the touched item nearest to it.</summary>
    public const string Similar = "similar";

    /// <summary>Transitions: shoppers who touched <see cref="Because"/> went on to this item.</summary>
    public const string Next = "next";

    /// <summary>Popularity: the item is among the most popular right now.</summary>
    public const string Popular = "popular";
}
