namespace Nebula.Ui.Services;

/// <summary>The Api's similar items of a product.</summary>
public sealed record SimilarProducts(string ItemId, IReadOnlyList<ProductSummary> Items);
