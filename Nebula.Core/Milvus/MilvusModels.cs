using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nebula.Core.Milvus;

/// <summary>The REST v2 data type names (case-sensitive, from <c>schemapb.DataType</c>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "These are Milvus' own data type names.")]
public static class MilvusDataTypes
{
    public const string Bool = "Bool";
    public const string Int64 = "Int64";
    public const string Float = "Float";
    public const string Double = "Double";
    public const string VarChar = "VarChar";
    public const string Array = "Array";
    public const string FloatVector = "FloatVector";
}

/// <summary>The load states <c>collections/get_load_state</c> reports.</summary>
public static class MilvusLoadStates
{
    public const string Loaded = "LoadStateLoaded";
    public const string Loading = "LoadStateLoading";
    public const string NotLoad = "LoadStateNotLoad";
}

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

/// <summary>A collection schema as <c>collections/create</c> takes it.</summary>
public sealed record MilvusCollectionSchema(IReadOnlyList<MilvusField> Fields)
{
    [JsonPropertyName("autoID")]
    public bool AutoId { get; init; }

    public bool EnableDynamicField { get; init; }
}

/// <summary>An index; <c>index_type</c> goes inside <c>params</c>, the one form every 2.4/2.5 build reads.</summary>
public sealed record MilvusIndex(string FieldName, string IndexName, string MetricType, IReadOnlyDictionary<string, object> Params);

/// <summary>Search parameters. <see cref="Ef"/> is HNSW's search breadth (ignored by servers older than 2.4.17).</summary>
public sealed record MilvusSearchRequest
{
    public required string AnnsField { get; init; }

    public int Limit { get; init; } = 10;

    public string? Filter { get; init; }

    public IReadOnlyList<string> OutputFields { get; init; } = [];

    public int? Ef { get; init; }
}

/// <summary>One search result: the distance (for COSINE/IP, higher is more similar) and the returned fields.</summary>
public sealed record MilvusHit(float Distance, JsonElement Entity)
{
    public string? GetString(string field) => Entity.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>What <c>collections/describe</c> says about a collection.</summary>
public sealed record MilvusCollectionDescription(
    string CollectionName,
    IReadOnlyList<MilvusFieldDescription> Fields,
    IReadOnlyList<string> Aliases,
    string? LoadState);

/// <summary>A field as <c>collections/describe</c> reports it (<c>params</c> values are strings there).</summary>
public sealed record MilvusFieldDescription(string Name, string Type, bool PrimaryKey, IReadOnlyDictionary<string, string> Params);
