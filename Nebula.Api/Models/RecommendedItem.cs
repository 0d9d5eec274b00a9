namespace Nebula.Api.Models;

/// <summary>
/// An item in a list, with its catalogue fields and how it ranked; <c>categories</c> is the item's category path;
/// <c>reasons</c> (in a shopper's recommendations) say why it is there, the strongest first.
/// </summary>
public sealed record RecommendedItem(
    string ItemId, double Score, string? Title, string? Brand, double? Price, string? ImageUrl, IReadOnlyList<string>? Categories = null, IReadOnlyList<ItemReason>? Reasons = null)
{
    public static RecommendedItem From(ItemDetails details, double score, IReadOnlyList<ItemReason>? reasons = null)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new(details.ItemId, score, details.Title, details.Brand, details.Price, details.ImageUrl, details.Categories, reasons);
    }
}
