namespace Nebula.Api.Models;

/// <summary>The items nearest to a search text, best first.</summary>
public sealed record SearchResponse(string Query, IReadOnlyList<RecommendedItem> Items);

