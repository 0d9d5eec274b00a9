namespace Nebula.Catalog.Storage;

/// <summary>One row of the <c>items</c> collection (JSON names are the field names of <c>ItemsSchema</c>).</summary>
public sealed record ItemRow(
    string ItemId,
    float[] Vector,
    string Title,
    string? Brand,
    IReadOnlyList<string> Categories,
    double? Price,
    string? ImageUrl,
    string TextHash);
