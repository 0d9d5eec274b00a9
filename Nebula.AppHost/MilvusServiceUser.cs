namespace Nebula.AppHost;

/// <summary>A Milvus user the Embedder creates for a service: its connection string resource and its secret password.</summary>
public sealed record MilvusServiceUser(
    IResourceBuilder<IResourceWithConnectionString> Connection,
    IResourceBuilder<ParameterResource> Password);
