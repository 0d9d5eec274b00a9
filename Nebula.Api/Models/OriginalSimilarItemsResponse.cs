using System.Text.Json.Serialization;

namespace Nebula.Api.Models;

/// <summary>The original's similar items, nearest first.</summary>
public sealed record OriginalSimilarItemsResponse(
    [property: JsonPropertyName("source_item_id")] string SourceItemId,
    [property: JsonPropertyName("recommendations")] IReadOnlyList<OriginalSimilarItem> Recommendations);
