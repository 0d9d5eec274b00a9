namespace Nebula.Catalog.Reading;

/// <summary>One product of the catalogue, whatever file format it came from. Text fields are cleaned (no HTML, single spaces).</summary>
public sealed record CatalogItem(
    string ItemId,
    string Title,
    string? Brand,
    IReadOnlyList<string> Categories,
    decimal? Price,
    string? ImageUrl,
    string? Description);
