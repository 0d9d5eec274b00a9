namespace Nebula.Milvus;

/// <summary>What <c>collections/describe</c> says about a collection.</summary>
public sealed record MilvusCollectionDescription(
    string CollectionName,
    IReadOnlyList<MilvusFieldDescription> Fields,
    IReadOnlyList<string> Aliases,
    string? LoadState);
