using System.ComponentModel.DataAnnotations;

namespace Nebula.Core.Contracts;

/// <summary>The items collection's name and index settings. Section <c>Nebula:Items</c>.</summary>
public sealed class ItemsCollectionOptions
{
    public const string SectionName = "Nebula:Items";

    /// <summary>The name services use; an alias to the physical collection the Embedder built.</summary>
    [Required, RegularExpression("^[A-Za-z_][A-Za-z0-9_]{0,200}$")]
    public string CollectionName { get; set; } = "items";

    /// <summary>HNSW graph degree.</summary>
    [Range(4, 64)]
    public int HnswM { get; set; } = 16;

    /// <summary>HNSW build breadth.</summary>
    [Range(8, 1024)]
    public int HnswEfConstruction { get; set; } = 200;

    /// <summary>How long to wait for a collection to report loaded.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LoadTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
