using System.ComponentModel.DataAnnotations;

namespace Nebula.Hosting;

/// <summary>The AppHost's infrastructure settings, section <c>Nebula</c>.</summary>
/// <remarks>
/// The embedded servers' own settings (sections <c>Nebula:EmbeddedKafka</c>, <c>Nebula:EmbeddedRedis</c> and
/// <c>Nebula:EmbeddedMilvus</c>) are handed to their processes as they are and validated there.
/// </remarks>
public sealed class InfrastructureOptions
{
    public const string SectionName = "Nebula";

    /// <summary>Also settable as <c>--infra containers|embedded|external|auto</c>.</summary>
    public InfrastructureMode Infrastructure { get; set; } = InfrastructureMode.Auto;

    /// <summary>Where embedded servers keep their data; relative paths are under the AppHost's folder.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".nebula-data";

    /// <summary>How long <c>auto</c> waits for the container runtime to answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ContainerRuntimeProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long each infrastructure health check (Kafka metadata, Redis ping, Milvus list) may take, in either mode.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
