namespace Nebula.Api.Models;

/// <summary>A catalogue item as the Api shows it.</summary>
public sealed record ItemDetails(string ItemId, string Title, string? Brand, IReadOnlyList<string> Categories, double? Price, string? ImageUrl);
