namespace Nebula.Api.Models;

/// <summary>An item in a list, with its catalogue fields and how it ranked; <c>categories</c> is the item's category path.</summary>
public sealed record RecommendedItem(string ItemId, double Score, string? Title, string? Brand, double? Price, string? ImageUrl, IReadOnlyList<string>? Categories = null)
{
    public static RecommendedItem From(ItemDetails details, double score)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new(details.ItemId, score, details.Title, details.Brand, details.Price, details.ImageUrl, details.Categories);
    }
}
