namespace Nebula.Ui.Services;

/// <summary>An item in a list the Api sends (its <c>RecommendedItem</c>): the Ui keeps its own copies of the Api's JSON, as a separate client would.</summary>
public sealed record ProductSummary(
    string ItemId, double Score, string? Title, string? Brand, double? Price, string? ImageUrl, IReadOnlyList<string>? Categories = null, IReadOnlyList<ProductReason>? Reasons = null);
