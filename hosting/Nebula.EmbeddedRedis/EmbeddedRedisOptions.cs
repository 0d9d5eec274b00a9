using System.ComponentModel.DataAnnotations;

namespace Nebula.EmbeddedRedis;

/// <summary>Garnet's settings, section <c>Nebula:EmbeddedRedis</c> (the AppHost passes its own section on).</summary>
public sealed class EmbeddedRedisOptions
{
    public const string SectionName = "Nebula:EmbeddedRedis";

    /// <summary>The loopback port to listen on (the AppHost allocates it).</summary>
    [Range(1, 65_535)]
    public int Port { get; set; }

    /// <summary>Where the append-only file is kept and replayed from at start; none means nothing is kept.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Garnet's in-memory log size (its default, 16g, is far too much for a developer machine); with a data directory,
    /// what does not fit goes to the disk tier there.
    /// </summary>
    [Required, RegularExpression("^[0-9]+[kmgKMG]?$")]
    public string LogMemory { get; set; } = "256m";

    [Required, RegularExpression("^[0-9]+[kmgKMG]?$")]
    public string IndexMemory { get; set; } = "16m";

    /// <summary>
    /// The largest receive buffer Garnet keeps and reuses per connection (its default is 1m). Garnet holds a whole
    /// MULTI…EXEC in that buffer until EXEC, and one larger than it gets a buffer of its own, grown by doubling (each
    /// step a new pinned array and a copy) and dropped when done. The worker's transaction carries each of a batch's
    /// users' list and profile (8–10 KB a user), megabytes for a batch of 256 events: with the default, every batch
    /// paid for that again.
    /// </summary>
    [Required, RegularExpression("^[0-9]+[kmgKMG]?$")]
    public string ReceiveBufferMaxSize { get; set; } = "8m";

    /// <summary>How often the append-only file is committed; a crash of Garnet's process loses at most this much of acknowledged writes.</summary>
    [Range(1, 60_000)]
    public int AofCommitFrequencyMs { get; set; } = 100;

    /// <summary>How often a checkpoint is taken, after which the append-only file is cut: bounds its size and the replay at start.</summary>
    [Range(1, 86_400)]
    public int CheckpointFrequencySeconds { get; set; } = 300;

    /// <summary>How often the disk tier is compacted (records replaced or deleted since are dropped).</summary>
    [Range(1, 86_400)]
    public int CompactionFrequencySeconds { get; set; } = 600;

    /// <summary>Garnet logs every connection below Warning; the dashboard shows only what matters.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;
}
