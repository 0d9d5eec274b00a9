using System.ComponentModel.DataAnnotations;
using Nebula.Core.Contracts;

namespace Nebula.StreamWorker;

/// <summary>How the worker consumes and batches. Section <c>Nebula:StreamWorker</c>.</summary>
public sealed class StreamWorkerOptions
{
    public const string SectionName = "Nebula:StreamWorker";

    [Required]
    public string Topic { get; set; } = Topics.Interactions;

    [Required]
    public string DeadLetterTopic { get; set; } = Topics.InteractionsDeadLetter;

    /// <summary>Most events in one batch (one vector search and one Redis round trip per batch). 1 = per event.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>How long a batch waits for more events after its first one: the latency paid for throughput.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan BatchWait { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>First back-off after a failed batch (Milvus or Redis unavailable); doubles up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Attempts at a batch that fails for a reason other than an unavailable Redis, Milvus or broker (a corrupt stored
    /// profile, say) before its events are tried one by one; an event that fails this often alone is dead-lettered with
    /// the error. Unavailability is retried for as long as it lasts.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Longest one attempt at a batch may take before it is cut and treated as an outage (retried after back-off). A
    /// Milvus that stops answering would otherwise hold the consume thread for its client's timeouts and retries, past
    /// the group's poll interval, and the partitions would be given away while the attempt still runs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:04:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an applied event id is remembered, so that the same event published twice is applied once (the Api's idempotency window).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan AppliedEventWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Item vectors kept in memory, so that an event does not fetch its item's vector from Milvus again.</summary>
    [Range(0, 10_000_000)]
    public int ItemVectorCacheSize { get; set; } = 200_000;

    /// <summary>How long a cached item vector is trusted before it is fetched again (the Embedder may have re-embedded it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ItemVectorCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far in the future an event's <c>occurredAt</c> may be (clocks differ); later events are dead-lettered.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxClockError { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The oldest <c>occurredAt</c> applied; older events are dead-lettered. Longer than the topic's retention, so a replay is never refused.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>HNSW search breadth for candidate searches (Milvus' <c>ef</c>).</summary>
    [Range(1, 32_768)]
    public int SearchEf { get; set; } = 64;
}
