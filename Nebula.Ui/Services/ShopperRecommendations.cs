namespace Nebula.Ui.Services;

/// <summary>A shopper's list as the Api sends it (its <c>RecommendationsResponse</c>): personalised, or the popular items.</summary>
public sealed record ShopperRecommendations(string UserId, string Source, IReadOnlyList<ProductSummary> Items, DateTimeOffset? UpdatedAt, Guid? EventId)
{
    public const string PersonalizedSource = "personalized";

    public bool IsPersonalized => string.Equals(Source, PersonalizedSource, StringComparison.Ordinal);
}
