using System.ComponentModel.DataAnnotations;
using Nebula.VectorService.Storage;

namespace Nebula.VectorService;

/// <summary>The vector service's settings, section <c>Nebula:EmbeddedMilvus</c> (the AppHost passes its own section on).</summary>
public sealed class VectorServiceOptions
{
    public const string SectionName = "Nebula:EmbeddedMilvus";

    /// <summary>The loopback port to listen on (the AppHost allocates it); 0 leaves ASP.NET Core's own URL settings.</summary>
    [Range(0, 65_535)]
    public int Port { get; set; }

    /// <summary>Where the collections are kept: <c>catalog.json</c> and a folder per collection.</summary>
    [Required]
    public string DataDirectory { get; set; } = "";

    /// <summary>
    /// The superuser's bearer token (Milvus' <c>root:password</c>); users it creates send their own <c>name:password</c>.
    /// None lets every call in, with every privilege.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// Up to this many rows a search is exact (a scan); above it the HNSW index answers, as in Milvus. A scan of
    /// the 4,385-item demo catalogue costs about 0.5 ms a query, ten times the index: too slow for the worker's
    /// batched searches (the worker benchmark).
    /// </summary>
    [Range(0, int.MaxValue)]
    public int ExactSearchThreshold { get; set; } = 2_048;

    /// <summary>HNSW search breadth when a request does not give <c>ef</c>.</summary>
    [Range(1, 4096)]
    public int DefaultSearchEf { get; set; } = 64;

    /// <summary>With a filter, the index is asked for this many times <c>limit</c> candidates before falling back to a scan.</summary>
    [Range(1, 1000)]
    public int FilteredOverfetch { get; set; } = 8;

    /// <summary>The largest <c>offset + limit</c> (Milvus' <c>maxQueryResultWindow</c>).</summary>
    [Range(1, 1_000_000)]
    public int MaxResultWindow { get; set; } = 16_384;

    /// <summary>When the collections' logs reach the disk (fsync); a process crash loses nothing either way.</summary>
    public RowLogSync LogSync { get; set; } = RowLogSync.EverySecond;

    /// <summary>Largest request body accepted, in bytes.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxRequestBytes { get; set; } = 256 * 1024 * 1024;
}
