using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;

namespace Nebula.AppHost.Infrastructure;

public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else embedded.</summary>
    Auto,

    /// <summary>Redpanda, Redis and Milvus containers (the design card's).</summary>
    Containers,

    /// <summary>Kafka, Redis and vector services inside the AppHost process, for machines without containers.</summary>
    Embedded,
}

/// <summary>The AppHost's own settings, section <c>Nebula</c>.</summary>
public sealed class InfrastructureOptions
{
    public const string SectionName = "Nebula";

    /// <summary>Also settable as <c>--infra containers|embedded|auto</c>.</summary>
    public InfrastructureMode Infrastructure { get; set; } = InfrastructureMode.Auto;

    /// <summary>Where embedded resources keep their data; relative paths are under the AppHost's folder.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".nebula-data";

    /// <summary>How long <c>auto</c> waits for the container runtime to answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ContainerRuntimeProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long each infrastructure health check (Kafka metadata, Redis ping) may take, in either mode.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    [Required]
    public EmbeddedKafkaOptions EmbeddedKafka { get; set; } = new();

    [Required]
    public EmbeddedRedisOptions EmbeddedRedis { get; set; } = new();

    [Required]
    public Embedded.VectorService.VectorServiceOptions EmbeddedMilvus { get; set; } = new();
}

public sealed class EmbeddedKafkaOptions
{
    [Range(1, 10)]
    public int Brokers { get; set; } = 1;

    /// <summary>The mock's default is 3 s before a new consumer group gets partitions; a dev box wants none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan GroupInitialRebalanceDelay { get; set; } = TimeSpan.Zero;
}

public sealed class EmbeddedRedisOptions
{
    /// <summary>Garnet's in-memory log size (its default, 16g, is far too much for a developer machine).</summary>
    [Required, RegularExpression("^[0-9]+[kmgKMG]?$")]
    public string LogMemory { get; set; } = "256m";

    [Required, RegularExpression("^[0-9]+[kmgKMG]?$")]
    public string IndexMemory { get; set; } = "16m";

    [Range(1, 60_000)]
    public int AofCommitFrequencyMs { get; set; } = 100;

    /// <summary>Garnet logs every connection below Warning; the dashboard console shows only what matters.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;
}
