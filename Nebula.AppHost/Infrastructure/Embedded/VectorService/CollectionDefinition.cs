namespace Nebula.AppHost.Infrastructure.Embedded.VectorService;

/// <summary>A field as the service stores it (the REST schema's names and types).</summary>
internal sealed record FieldDefinition(
    string Name,
    string DataType,
    bool IsPrimary = false,
    int? Dim = null,
    int? MaxLength = null,
    int? MaxCapacity = null,
    string? ElementDataType = null,
    bool Nullable = false);

/// <summary>The vector index of a collection; only HNSW with COSINE is served.</summary>
internal sealed record IndexDefinition(string FieldName, string IndexName, string MetricType, int M, int EfConstruction);

/// <summary>A collection's schema, index and load state, persisted in the service's catalogue file.</summary>
internal sealed record CollectionDefinition(
    string Name,
    long CollectionId,
    IReadOnlyList<FieldDefinition> Fields,
    IndexDefinition? Index,
    bool Loaded,
    bool EnableDynamicField)
{
    public FieldDefinition PrimaryField => Fields.Single(f => f.IsPrimary);

    public FieldDefinition VectorField => Fields.Single(f => f.DataType == "FloatVector");
}
