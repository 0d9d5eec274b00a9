using System.Text.Json.Serialization;

namespace Nebula.Api.Models;

/// <summary>The original's answer to an interaction: <c>{"status": "ok", "message": …}</c>.</summary>
public sealed record OriginalInteractionResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message);
