namespace Nebula.Hosting;

/// <summary>Where the infrastructure resources (<c>kafka</c>, <c>redis</c>, <c>milvus</c>) come from.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else embedded.</summary>
    Auto,

    /// <summary>Redpanda, Redis and Milvus containers.</summary>
    Containers,

    /// <summary>Our own development servers, each a process of its own: librdkafka's mock broker, Garnet and the vector service.</summary>
    Embedded,

    /// <summary>
    /// Nothing is started: <c>kafka</c>, <c>redis</c> and <c>milvus</c> are connection strings to infrastructure the user
    /// already runs (<c>ConnectionStrings:&lt;name&gt;</c> in run mode, parameters in a published manifest).
    /// </summary>
    External,
}
