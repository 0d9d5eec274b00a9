namespace Nebula.Milvus;

/// <summary>Search parameters. <see cref="Ef"/> is HNSW's search breadth (ignored by servers older than 2.4.17).</summary>
public sealed record MilvusSearchRequest
{
    public required string AnnsField { get; init; }

    public int Limit { get; init; } = 10;

    public string? Filter { get; init; }

    public IReadOnlyList<string> OutputFields { get; init; } = [];

    public int? Ef { get; init; }
}
