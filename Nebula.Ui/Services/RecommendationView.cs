namespace Nebula.Ui.Services;

/// <summary>A list as received, with the items that were not in the previous one (to highlight).</summary>
public sealed record RecommendationView(ShopperRecommendations List, IReadOnlySet<string> MovedIn, DateTimeOffset ReceivedAt)
{
    public static IReadOnlySet<string> ItemsMovedIn(ShopperRecommendations? previous, ShopperRecommendations current)
    {
        if (previous is null || !string.Equals(previous.UserId, current.UserId, StringComparison.Ordinal))
        {
            // The first list a page sees for a shopper has nothing to compare with.
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var before = previous.Items.Select(item => item.ItemId).ToHashSet(StringComparer.Ordinal);
        return current.Items.Select(item => item.ItemId).Where(id => !before.Contains(id)).ToHashSet(StringComparer.Ordinal);
    }
}
