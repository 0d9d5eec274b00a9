using System.Text.Json.Serialization;

namespace Nebula.Api.Models;

/// <summary>An interaction to record. <c>eventId</c> is optional: send the same one when retrying.</summary>
public sealed record InteractionRequest(string? UserId, string? ItemId, string? Type, Guid? EventId = null);

/// <summary>The broker has the event.</summary>
public sealed record InteractionAccepted(Guid EventId, DateTimeOffset OccurredAt);

public sealed record InteractionBatchRequest(IReadOnlyList<InteractionRequest?>? Events);

/// <summary>One event's outcome in a batch: <c>status</c> is 202 when accepted, else the status a single POST would give, with its problem.</summary>
public sealed record InteractionBatchResult(int Index, int Status, Guid? EventId, DateTimeOffset? OccurredAt, string? Error);

public sealed record InteractionBatchResponse(int Accepted, int Rejected, IReadOnlyList<InteractionBatchResult> Results);

/// <summary>A catalogue item as the Api shows it.</summary>
public sealed record ItemDetails(string ItemId, string Title, string? Brand, IReadOnlyList<string> Categories, double? Price, string? ImageUrl);

/// <summary>An item in a list, with its catalogue fields and how it ranked.</summary>
public sealed record RecommendedItem(string ItemId, double Score, string? Title, string? Brand, double? Price, string? ImageUrl);

public static class RecommendationSources
{
    public const string Personalized = "personalized";
    public const string Popular = "popular";
}

/// <summary>
/// A user's recommendations. <c>source</c> is <c>personalized</c> (from their profile; <c>updatedAt</c> and
/// <c>eventId</c> say when and why it last changed) or <c>popular</c> (no profile yet).
/// </summary>
public sealed record RecommendationsResponse(string UserId, string Source, IReadOnlyList<RecommendedItem> Items, DateTimeOffset? UpdatedAt, Guid? EventId);

/// <summary>
/// What the system knows of a user: how many events it has applied, when the profile last moved, and the
/// items they touched most recently (newest first; these are never recommended back).
/// </summary>
public sealed record ProfileResponse(string UserId, long EventCount, DateTimeOffset? UpdatedAt, IReadOnlyList<ItemDetails> RecentItems);

public sealed record SimilarItemsResponse(string ItemId, IReadOnlyList<RecommendedItem> Items);

public sealed record SearchResponse(string Query, IReadOnlyList<RecommendedItem> Items);

// The original's shapes (seed-spec §1), snake_case.

public sealed record SeedInteractionRequest(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("item_id")] string? ItemId,
    [property: JsonPropertyName("event_type")] string? EventType);

public sealed record SeedInteractionResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message);

public sealed record SeedRecommendationsResponse(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("recommendations")] IReadOnlyList<string> Recommendations);

public sealed record SeedSimilarItem(
    [property: JsonPropertyName("item_id")] string ItemId,
    [property: JsonPropertyName("distance")] double Distance);

public sealed record SeedSimilarItemsResponse(
    [property: JsonPropertyName("source_item_id")] string SourceItemId,
    [property: JsonPropertyName("recommendations")] IReadOnlyList<SeedSimilarItem> Recommendations);
