using System.Data.Common;

namespace Nebula.Milvus;

/// <summary>
/// Settings of the Milvus client integration: <c>Aspire:Milvus:Client</c> (then <c>…:{name}</c>), with the endpoint and
/// token from <c>ConnectionStrings:{name}</c> (<c>Endpoint=http://host:19530;Key=root:password</c>), the shape Aspire's
/// Milvus integration uses.
/// </summary>
public sealed class MilvusClientSettings
{
    public const string SectionName = "Aspire:Milvus:Client";

    /// <summary>The server's REST address (REST v2 lives under <c>/v2/vectordb</c>).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer &lt;Key&gt;</c>: <c>user:password</c> or an API key.</summary>
    public string? Key { get; set; }

    /// <summary>The database; Milvus' default when not set.</summary>
    public string? Database { get; set; }

    /// <summary>How long one HTTP call may take (also sent as the server's <c>Request-Timeout</c>).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Longest one call may take in all, retries included; none by default (then up to <see cref="RequestTimeout"/> per
    /// attempt). A service that answers people sets it, so that a Milvus that stops answering costs a request seconds, not minutes.
    /// </summary>
    public TimeSpan? CallTimeout { get; set; }

    /// <summary>Retries of a call that failed with a transient error (rate limit, not ready, 408/429/5xx, connection).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; later ones back off exponentially with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Rows per upsert request.</summary>
    public int UpsertBatchSize { get; set; } = 1000;

    /// <summary>Upsert requests in flight at once.</summary>
    public int MaxUpsertsInFlight { get; set; } = 3;

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    public bool DisableMetrics { get; set; }

    

    /// <summary>Reads <c>Endpoint=…;Key=…;Database=…</c>; a bare URI is taken as the endpoint.</summary>
    public void ParseConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var bare))
        {
            Endpoint = bare;
            return;
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (builder.TryGetValue("Endpoint", out var endpoint) && Uri.TryCreate(endpoint?.ToString(), UriKind.Absolute, out var uri))
        {
            Endpoint = uri;
        }

        if (builder.TryGetValue("Key", out var key) && key?.ToString() is { Length: > 0 } keyText)
        {
            Key = keyText;
        }

        if (builder.TryGetValue("Database", out var database) && database?.ToString() is { Length: > 0 } databaseText)
        {
            Database = databaseText;
        }
    }

    internal void Validate(string connectionName)
    {
        if (Endpoint is null || Endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                $"Milvus client '{connectionName}' has no http(s) endpoint: set 'ConnectionStrings:{connectionName}' " +
                $"(Endpoint=http://host:19530;Key=user:password) or '{SectionName}:Endpoint'.");
        }

        if (RequestTimeout <= TimeSpan.Zero || CallTimeout <= TimeSpan.Zero || MaxRetries < 0 || RetryDelay < TimeSpan.Zero || UpsertBatchSize < 1 || MaxUpsertsInFlight < 1)
        {
            throw new InvalidOperationException(
                $"'{SectionName}': RequestTimeout and CallTimeout must be positive, MaxRetries and RetryDelay not negative, UpsertBatchSize and MaxUpsertsInFlight at least 1 " +
                $"(they are {RequestTimeout}, {MaxRetries}, {RetryDelay}, {UpsertBatchSize}, {MaxUpsertsInFlight}).");
        }
    }
}
