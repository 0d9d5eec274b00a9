using System.Text.Json.Serialization;

namespace Nebula.Milvus;

/// <summary>A field of a collection schema. <c>ElementTypeParams</c> holds <c>dim</c>, <c>max_length</c>, <c>max_capacity</c>.</summary>
public sealed record MilvusField(string FieldName, string DataType)
{
    public bool IsPrimary { get; init; }

    /// <summary>Always sent, even empty: the server's binding requires it.</summary>
    public IReadOnlyDictionary<string, int> ElementTypeParams { get; init; } = new Dictionary<string, int>();

    /// <summary>The field may hold null (Milvus 2.5).</summary>
    public bool Nullable { get; init; }

    /// <summary>The element type of an <c>Array</c> field.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ElementDataType { get; init; }
}
