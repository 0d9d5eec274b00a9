namespace Nebula.Api.Models;

/// <summary>The items nearest to an item, best first (the item itself left out).</summary>
public sealed record SimilarItemsResponse(string ItemId, IReadOnlyList<RecommendedItem> Items);
