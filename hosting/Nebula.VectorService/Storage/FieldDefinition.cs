namespace Nebula.VectorService.Storage;

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
