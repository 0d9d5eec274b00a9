using System.Text.Json.Serialization;

namespace Nebula.Milvus;

/// <summary>A collection schema as <c>collections/create</c> takes it.</summary>
public sealed record MilvusCollectionSchema(IReadOnlyList<MilvusField> Fields)
{
    [JsonPropertyName("autoID")]
    public bool AutoId { get; init; }

    public bool EnableDynamicField { get; init; }
}
