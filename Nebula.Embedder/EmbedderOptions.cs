using System.ComponentModel.DataAnnotations;
using Nebula.Catalog.Reading;

namespace Nebula.Embedder;

/// <summary>What the Embedder loads and how. Section <c>Nebula:Embedder</c>; command-line switches in <see cref="EmbedderCommandLine"/>.</summary>
public sealed class EmbedderOptions
{
    public const string SectionName = "Nebula:Embedder";

    /// <summary>Catalogue files, read in order (relative paths are under the application folder). Default: the demo catalogue.</summary>
    [Required, MinLength(1)]
    public List<string> Catalogs { get; set; } = [];

    /// <summary>The file format; auto-detected from the content by default.</summary>
    public CatalogFormat Format { get; set; } = CatalogFormat.Auto;

    /// <summary>Stop after this many catalogue rows (for trials on a big file); 0 = all.</summary>
    [Range(0, long.MaxValue)]
    public long Limit { get; set; }

    /// <summary>Items embedded and upserted together (one Milvus request).</summary>
    [Range(1, 16_384)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Upsert requests in flight while the next batch is being embedded.</summary>
    [Range(1, 16)]
    public int UpsertsInFlight { get; set; } = 2;

    /// <summary>Build a fresh collection and switch the alias to it when complete, instead of upserting in place.</summary>
    public bool Recreate { get; set; }

    /// <summary>Progress: a live bar in a terminal, a log line this often otherwise.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ProgressLogInterval { get; set; } = TimeSpan.FromSeconds(10);
}
