using System.Text.Json;
using Nebula.Core.Contracts;

namespace Nebula.IntegrationTests.Shop;

/// <summary>An item's filterable fields and title as Milvus holds them, for checking what the Api returns.</summary>
public sealed record CatalogRow(string ItemId, IReadOnlyList<string> Categories, string? Brand, double? Price, string? Title = null)
{
    public static CatalogRow From(JsonElement row) => new(
        row.GetProperty(ItemFields.ItemId).GetString()!,
        row.TryGetProperty(ItemFields.Categories, out var categories) && categories.ValueKind == JsonValueKind.Array
            ? [.. categories.EnumerateArray().Select(c => c.GetString()!)]
            : [],
        row.TryGetProperty(ItemFields.Brand, out var brand) && brand.ValueKind == JsonValueKind.String ? brand.GetString() : null,
        row.TryGetProperty(ItemFields.Price, out var price) && price.ValueKind == JsonValueKind.Number ? price.GetDouble() : null,
        row.TryGetProperty(ItemFields.Title, out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null);
}
