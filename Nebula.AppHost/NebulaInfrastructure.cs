namespace Nebula.AppHost;

/// <summary>
/// The three infrastructure resources under their fixed names, whichever mode declared them. Services reach them
/// only through <c>ConnectionStrings:&lt;name&gt;</c>, so nothing downstream knows which mode is running.
/// <paramref name="MilvusReader"/> and <paramref name="MilvusEditor"/> are the Milvus users the Embedder creates for the
/// StreamWorker and the Api; none in external mode, where the user's own connection string serves all.
/// </summary>
public sealed record NebulaInfrastructure(
    Nebula.Hosting.InfrastructureChoice Choice,
    IResourceBuilder<IResourceWithConnectionString> Kafka,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Milvus,
    MilvusServiceUser? MilvusReader = null,
    MilvusServiceUser? MilvusEditor = null);
