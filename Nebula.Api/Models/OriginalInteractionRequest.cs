using System.Text.Json.Serialization;

namespace Nebula.Api.Models;

/// <summary>The original Python service's interaction body (snake_case).</summary>
public sealed record OriginalInteractionRequest(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("item_id")] string? ItemId,
    [property: JsonPropertyName("event_type")] string? EventType);
