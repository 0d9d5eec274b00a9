namespace Nebula.AppHost;

/// <summary>
/// The three infrastructure resources under their fixed names, whichever mode declared them. Services reach them
/// only through <c>ConnectionStrings:&lt;name&gt;</c>, so nothing downstream knows which mode is running.
/// </summary>
public sealed record NebulaInfrastructure(
    Nebula.Hosting.InfrastructureChoice Choice,
    IResourceBuilder<IResourceWithConnectionString> Kafka,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Milvus);
