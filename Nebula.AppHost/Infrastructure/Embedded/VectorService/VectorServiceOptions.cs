using System.ComponentModel.DataAnnotations;

namespace Nebula.AppHost.Infrastructure.Embedded.VectorService;

/// <summary>The embedded Milvus-compatible vector service. Section <c>Nebula:EmbeddedMilvus</c>.</summary>
public sealed class VectorServiceOptions
{
    /// <summary>
    /// Up to this many rows a search is exact (a scan); above it the HNSW index answers, as in Milvus. A scan of
    /// the 4,385-item demo catalogue costs about 0.5 ms a query, ten times the index: too slow for the worker's
    /// batched searches (docs/benchmarks.md, "Stream worker").
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

    /// <summary>Largest request body accepted, in bytes.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxRequestBytes { get; set; } = 256 * 1024 * 1024;
}
