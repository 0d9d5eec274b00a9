namespace Nebula.VectorService.Storage;

/// <summary>The vector index of a collection; only HNSW with COSINE is served.</summary>
internal sealed record IndexDefinition(string FieldName, string IndexName, string MetricType, int M, int EfConstruction);
