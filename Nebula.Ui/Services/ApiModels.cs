namespace Nebula.Ui.Services;

// The Api's JSON (camelCase), as this page reads it. The Ui keeps its own copies, as a separate client
// would, rather than referencing the Api or Nebula.Core (which carries the model and the Kafka client).

public sealed record ProductSummary(string ItemId, double Score, string? Title, string? Brand, double? Price, string? ImageUrl);

public sealed record ProductDetails(string ItemId, string Title, string? Brand, IReadOnlyList<string> Categories, double? Price, string? ImageUrl);

public sealed record RecommendationList(string UserId, string Source, IReadOnlyList<ProductSummary> Items, DateTimeOffset? UpdatedAt, Guid? EventId)
{
    public const string PersonalizedSource = "personalized";

    public bool IsPersonalized => string.Equals(Source, PersonalizedSource, StringComparison.Ordinal);
}

public sealed record ShopperProfile(string UserId, long EventCount, DateTimeOffset? UpdatedAt, IReadOnlyList<ProductDetails> RecentItems);

public sealed record SimilarProducts(string ItemId, IReadOnlyList<ProductSummary> Items);

public sealed record SearchResults(string Query, IReadOnlyList<ProductSummary> Items);

public sealed record InteractionRequest(string UserId, string ItemId, string Type, Guid EventId);

public sealed record InteractionAccepted(Guid EventId, DateTimeOffset OccurredAt);

/// <summary>The part of an RFC 9457 problem the page shows.</summary>
public sealed record ApiProblem(string? Title, string? Detail, IReadOnlyDictionary<string, string[]>? Errors);
