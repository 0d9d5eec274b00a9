namespace Nebula.Ui.Services;

/// <summary>A catalog item as the Api sends it (its <c>ItemDetails</c>).</summary>
public sealed record ProductDetails(string ItemId, string Title, string? Brand, IReadOnlyList<string> Categories, double? Price, string? ImageUrl);
