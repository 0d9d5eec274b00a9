namespace Nebula.Core.Contracts;

/// <summary>
/// The fixed names of the infrastructure resources. The AppHost declares them and every service reaches
/// them only through <c>ConnectionStrings:&lt;name&gt;</c>, whichever infrastructure mode is running.
/// </summary>
public static class ResourceNames
{
    public const string Kafka = "kafka";
    public const string Redis = "redis";
    public const string Milvus = "milvus";
}
