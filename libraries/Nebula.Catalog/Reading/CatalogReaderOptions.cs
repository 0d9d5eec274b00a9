using System.ComponentModel.DataAnnotations;

namespace Nebula.Catalog.Reading;

/// <summary>How catalogue files are read.</summary>
public sealed class CatalogReaderOptions
{
    /// <summary>The file format; <see cref="CatalogFormat.Auto"/> detects it from the first non-empty line.</summary>
    public CatalogFormat Format { get; set; } = CatalogFormat.Auto;

    /// <summary>Longer lines are rejected as <see cref="CatalogRejectionReason.TooLong"/> without being held in memory.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The longest item id accepted, in UTF-8 bytes (the Milvus primary key's <c>max_length</c>).</summary>
    [Range(1, 65_535)]
    public int MaxItemIdLength { get; set; } = 64;
}
