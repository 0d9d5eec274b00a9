namespace Nebula.Ui.Services;

/// <summary>The Api's search results.</summary>
public sealed record SearchResults(string Query, IReadOnlyList<ProductSummary> Items);
