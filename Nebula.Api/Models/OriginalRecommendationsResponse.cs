using System.Text.Json.Serialization;

namespace Nebula.Api.Models;

/// <summary>The original's recommendations: the user's item ids, best first.</summary>
public sealed record OriginalRecommendationsResponse(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("recommendations")] IReadOnlyList<string> Recommendations);
