namespace Nebula.VectorService.Storage;

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
