using System.Text.Json.Serialization;

namespace Nebula.Api.Models;

/// <summary>A similar item in the original's shape, with its squared L2 distance.</summary>
public sealed record OriginalSimilarItem(
    [property: JsonPropertyName("item_id")] string ItemId,
    [property: JsonPropertyName("distance")] double Distance);
