using System.ComponentModel.DataAnnotations;

namespace Nebula.Api;

/// <summary>The Api's limits and timeouts. Section <c>Nebula:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Nebula:Api";

    /// <summary>Where interactions are published (the worker's <c>Nebula:StreamWorker:Topic</c>).</summary>
    [Required]
    public string Topic { get; set; } = Core.Contracts.Topics.Interactions;

    /// <summary>Longest wait for the broker's acknowledgement before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What a 503 tells the client to wait (<c>Retry-After</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a client's <c>eventId</c> is remembered, so that its retries are not published twice.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromDays(1);

    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>Largest body of a single interaction.</summary>
    [Range(256, 1024 * 1024)]
    public long MaxInteractionBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Largest body of a batch (1,000 events of about 150 bytes fit with room to spare).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBatchBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>List length when <c>k</c> is not given.</summary>
    [Range(1, 1000)]
    public int DefaultCount { get; set; } = 10;

    [Range(1, 1000)]
    public int MaxCount { get; set; } = 100;

    /// <summary>Longest search text.</summary>
    [Range(1, 10_000)]
    public int MaxQueryLength { get; set; } = 512;

    /// <summary>How long an item's catalogue fields are cached before they are read again (the Embedder may have changed them).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ItemCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long "no such item" is cached; short, so that items the Embedder adds are found soon.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnknownItemCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 10_000_000)]
    public int ItemCacheSize { get; set; } = 200_000;

    /// <summary>How often the catalogue cache checks whether the Embedder swapped the collection behind the alias.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CatalogCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest wait for Redis or Milvus in one call, retries included. Past it a read answers 503, and a list whose
    /// catalogue fields cannot be read is served with its ids and scores, marked partial.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan DependencyTimeout { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>Searches that run the embedding model at once (it is CPU-bound: about one per core).</summary>
    [Range(1, 1024)]
    public int MaxConcurrentSearches { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Searches that wait for one of those; more are refused with 429.</summary>
    [Range(0, 100_000)]
    public int SearchQueueLimit { get; set; } = 64;

    /// <summary>Server-sent-event streams this instance keeps open at once; more are refused with 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; set; } = 10_000;

    /// <summary>Streams of one user open at once (a shopper's tabs).</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerUser { get; set; } = 8;

    /// <summary>
    /// Streams of one client address open at once. The Ui's server is one client for all of its shoppers, so this is
    /// high; it stops one address from taking the whole <see cref="MaxStreams"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxStreamsPerClient { get; set; } = 2_000;

    /// <summary>How often an idle stream gets a comment line, so that proxies keep it and clients can tell a dead connection from a quiet one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Requests per second one API key may make (the Ui's server makes all of its shoppers' requests with one key).</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerSecondPerKey { get; set; } = 10_000;

    /// <summary>Requests per second from one client address without an API key: browsers with a shopper token, and strangers.</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerSecondPerClient { get; set; } = 100;

    /// <summary>Open connections this instance accepts (Kestrel's limit); above <see cref="MaxStreams"/>, since each stream holds one.</summary>
    [Range(1, 1_000_000)]
    public long MaxConnections { get; set; } = 20_000;

    /// <summary>HNSW search breadth for similar items and search (Milvus' <c>ef</c>).</summary>
    [Range(1, 32_768)]
    public int SearchEf { get; set; } = 64;

    /// <summary>
    /// How long a forgotten user's tombstone is kept: the worker drops their events published before the deletion for
    /// this long, so set it to at least the interactions topic's retention (7 days by default).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan ForgottenUserLifetime { get; set; } = TimeSpan.FromDays(7);
}
