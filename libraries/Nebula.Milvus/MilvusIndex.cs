namespace Nebula.Milvus;

/// <summary>An index; <c>index_type</c> goes inside <c>params</c>, the one form every 2.4/2.5 build reads.</summary>
public sealed record MilvusIndex(string FieldName, string IndexName, string MetricType, IReadOnlyDictionary<string, object> Params);
