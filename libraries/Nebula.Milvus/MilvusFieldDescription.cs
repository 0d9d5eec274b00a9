namespace Nebula.Milvus;

/// <summary>A field as <c>collections/describe</c> reports it (<c>params</c> values are strings there).</summary>
public sealed record MilvusFieldDescription(string Name, string Type, bool PrimaryKey, IReadOnlyDictionary<string, string> Params);
