namespace Nebula.Api.Models;

/// <summary>An item in a list, with its catalogue fields and how it ranked.</summary>
public sealed record RecommendedItem(string ItemId, double Score, string? Title, string? Brand, double? Price, string? ImageUrl);
