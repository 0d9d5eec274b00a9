using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IO;
using Nebula.Milvus.Access;
using Polly;
using Polly.Retry;

namespace Nebula.Milvus;

/// <summary>
/// A small client for the Milvus REST API v2 (<c>POST /v2/vectordb/{category}/{action}</c>, JSON in and out).
/// A reply whose <c>code</c> is not 0 is an error even with HTTP 200; transient failures are retried with
/// exponential back-off; each call is one span and one duration measurement.
/// </summary>
public sealed class MilvusClient : IDisposable
{
    private const string ApiPrefix = "v2/vectordb/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new VectorJsonConverter() } };
    private static readonly TimeSpan LoadPollInterval = TimeSpan.FromMilliseconds(200);

    // Request bodies are written into pooled buffers: a worker batch's search (190 vectors of 384 numbers) and an
    // Embedder upsert are megabytes each, and as arrays each was a new large-object-heap allocation. Bounded, so that
    // one bulk upsert does not keep its buffers for the life of the process.
    private static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options
    {
        MaximumSmallPoolFreeBytes = 16 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 64 * 1024 * 1024,
    });
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    private readonly HttpClient _http;
    private readonly MilvusClientSettings _settings;
    private readonly ResiliencePipeline _retry;

    public MilvusClient(MilvusClientSettings settings, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate("milvus");
        _settings = settings;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(settings.Endpoint!.ToString().TrimEnd('/') + "/"),
            Timeout = settings.RequestTimeout,
        };
        _http.DefaultRequestHeaders.Add("Accept-Type-Allow-Int64", "true");
        _http.DefaultRequestHeaders.Add("Request-Timeout", ((int)Math.Ceiling(settings.RequestTimeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (settings.Key is { Length: > 0 } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (settings.Database is { Length: > 0 } database)
        {
            _http.DefaultRequestHeaders.Add("DB-Name", database);
        }

        // The call's deadline (when set) is outermost: it bounds the attempts and the waits between them together.
        var pipeline = new ResiliencePipelineBuilder();
        if (settings.CallTimeout is { } callTimeout)
        {
            pipeline.AddTimeout(callTimeout);
        }

        if (settings.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<MilvusException>(e => e.IsTransient).Handle<HttpRequestException>().Handle<TimeoutException>(),
            });
        }

        _retry = pipeline.Build();
    }

    public Uri Endpoint => _settings.Endpoint!;

    /// <summary>A client for the same server and database that signs in as <paramref name="userName"/>, without retries.</summary>
    public MilvusClient ForUser(string userName, string password) => new(new MilvusClientSettings
    {
        Endpoint = _settings.Endpoint,
        Key = $"{userName}:{password}",
        Database = _settings.Database,
        RequestTimeout = _settings.RequestTimeout,
        MaxRetries = 0,
        DisableHealthChecks = true,
        DisableMetrics = true,
        DisableTracing = true,
    });

    // ---- collections ----

    public async Task CreateCollectionAsync(string collection, MilvusCollectionSchema schema, IReadOnlyList<MilvusIndex> indexes, CancellationToken cancellationToken = default)
        => await CallAsync("collections/create", "create_collection", collection,
            new { collectionName = collection, schema, indexParams = indexes }, cancellationToken).ConfigureAwait(false);

    public async Task<bool> HasCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        var data = await CallAsync("collections/has", "has_collection", collection, new { collectionName = collection }, cancellationToken).ConfigureAwait(false);
        return data.GetProperty("has").GetBoolean();
    }

    public async Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default)
    {
        var data = await CallAsync("collections/list", "list_collections", null, new { }, cancellationToken).ConfigureAwait(false);
        return [.. data.EnumerateArray().Select(e => e.GetString()!)];
    }

    public async Task<MilvusCollectionDescription> DescribeCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        var data = await CallAsync("collections/describe", "describe_collection", collection, new { collectionName = collection }, cancellationToken).ConfigureAwait(false);
        var fields = data.TryGetProperty("fields", out var f) && f.ValueKind == JsonValueKind.Array
            ? f.EnumerateArray().Select(field => new MilvusFieldDescription(
                field.GetProperty("name").GetString()!,
                field.GetProperty("type").GetString()!,
                field.TryGetProperty("primaryKey", out var pk) && pk.GetBoolean(),
                field.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Array
                    ? p.EnumerateArray().ToDictionary(kv => kv.GetProperty("key").GetString()!, kv => kv.GetProperty("value").ToString())
                    : [])).ToList()
            : [];
        var aliases = data.TryGetProperty("aliases", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(e => e.GetString()!).ToList()
            : [];
        return new MilvusCollectionDescription(
            data.GetProperty("collectionName").GetString()!, fields, aliases,
            data.TryGetProperty("load", out var load) ? load.GetString() : null);
    }

    public async Task DropCollectionAsync(string collection, CancellationToken cancellationToken = default)
        => await CallAsync("collections/drop", "drop_collection", collection, new { collectionName = collection }, cancellationToken).ConfigureAwait(false);

    public async Task<long> GetRowCountAsync(string collection, CancellationToken cancellationToken = default)
    {
        var data = await CallAsync("collections/get_stats", "get_stats", collection, new { collectionName = collection }, cancellationToken).ConfigureAwait(false);
        return ReadInt64(data.GetProperty("rowCount"));
    }

    public async Task LoadCollectionAsync(string collection, CancellationToken cancellationToken = default)
        => await CallAsync("collections/load", "load_collection", collection, new { collectionName = collection }, cancellationToken).ConfigureAwait(false);

    public async Task<string> GetLoadStateAsync(string collection, CancellationToken cancellationToken = default)
    {
        var data = await CallAsync("collections/get_load_state", "get_load_state", collection, new { collectionName = collection }, cancellationToken).ConfigureAwait(false);
        return data.GetProperty("loadState").GetString()!;
    }

    /// <summary>Loads the collection and waits until the server reports it loaded.</summary>
    public async Task LoadAndWaitAsync(string collection, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await LoadCollectionAsync(collection, cancellationToken).ConfigureAwait(false);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (await GetLoadStateAsync(collection, cancellationToken).ConfigureAwait(false) != MilvusLoadStates.Loaded)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Milvus collection '{collection}' was not loaded within {timeout}.");
            }

            await Task.Delay(LoadPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- aliases ----

    public async Task CreateAliasAsync(string alias, string collection, CancellationToken cancellationToken = default)
        => await CallAsync("aliases/create", "create_alias", collection, new { aliasName = alias, collectionName = collection }, cancellationToken).ConfigureAwait(false);

    public async Task AlterAliasAsync(string alias, string collection, CancellationToken cancellationToken = default)
        => await CallAsync("aliases/alter", "alter_alias", collection, new { aliasName = alias, collectionName = collection }, cancellationToken).ConfigureAwait(false);

    /// <summary>The collection an alias points to, or null when there is no such alias.</summary>
    public async Task<string?> DescribeAliasAsync(string alias, CancellationToken cancellationToken = default)
    {
        try
        {
            var data = await CallAsync("aliases/describe", "describe_alias", null, new { aliasName = alias }, cancellationToken).ConfigureAwait(false);
            return data.GetProperty("collectionName").GetString();
        }
        catch (MilvusException e) when (e.Code != 0 && !e.IsTransient && e.Code is not (MilvusErrorCodes.NotAuthenticated or MilvusErrorCodes.PrivilegeNotPermitted))
        {
            return null;
        }
    }

    public async Task DropAliasAsync(string alias, CancellationToken cancellationToken = default)
        => await CallAsync("aliases/drop", "drop_alias", null, new { aliasName = alias }, cancellationToken).ConfigureAwait(false);

    // ---- entities ----

    /// <summary>Inserts or replaces <paramref name="rows"/> (one request); returns the upsert count.</summary>
    public async Task<long> UpsertAsync<TRow>(string collection, IReadOnlyList<TRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var data = await CallAsync("entities/upsert", "upsert", collection, new { collectionName = collection, data = rows }, cancellationToken, rows.Count).ConfigureAwait(false);
        return data.TryGetProperty("upsertCount", out var count) ? ReadInt64(count) : rows.Count;
    }

    /// <summary>Upserts in batches of <see cref="MilvusClientSettings.UpsertBatchSize"/> with up to <see cref="MilvusClientSettings.MaxUpsertsInFlight"/> requests at once.</summary>
    public async Task<long> UpsertInBatchesAsync<TRow>(string collection, IReadOnlyList<TRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        long stored = 0;
        var batches = rows.Chunk(_settings.UpsertBatchSize);
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = _settings.MaxUpsertsInFlight, CancellationToken = cancellationToken },
            async (batch, token) => Interlocked.Add(ref stored, await UpsertAsync(collection, batch, token).ConfigureAwait(false))).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Searches with many vectors in one call; one hit list per vector, in order.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<MilvusHit>>> SearchAsync(
        string collection, IReadOnlyList<float[]> vectors, MilvusSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(request);
        var body = new Dictionary<string, object?>
        {
            ["collectionName"] = collection,
            ["annsField"] = request.AnnsField,
            ["data"] = vectors,
            ["limit"] = request.Limit,
            ["outputFields"] = request.OutputFields,
        };
        if (request.Filter is { Length: > 0 } filter)
        {
            body["filter"] = filter;
        }

        if (request.Ef is { } ef)
        {
            body["searchParams"] = new { @params = new { ef } };
        }

        var reply = await CallAsync("entities/search", "search", collection, body, cancellationToken, vectors.Count, wholeReply: true).ConfigureAwait(false);
        var hits = reply.GetProperty("data").EnumerateArray()
            .Select(row => new MilvusHit(row.GetProperty("distance").GetSingle(), row))
            .ToList();
        return SplitByQuery(hits, reply, vectors.Count);
    }

    /// <summary>Rows matching <paramref name="filter"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(
        string collection, string filter, IReadOnlyList<string> outputFields, int limit, int offset = 0, CancellationToken cancellationToken = default)
    {
        var data = await CallAsync("entities/query", "query", collection,
            new { collectionName = collection, filter, outputFields, limit, offset }, cancellationToken).ConfigureAwait(false);
        return [.. data.EnumerateArray()];
    }

    /// <summary>Rows by primary key (string keys); missing ids are simply absent.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetAsync(
        string collection, IReadOnlyList<string> ids, IReadOnlyList<string> outputFields, CancellationToken cancellationToken = default)
    {
        var data = await CallAsync("entities/get", "get", collection,
            new { collectionName = collection, id = ids, outputFields }, cancellationToken).ConfigureAwait(false);
        return [.. data.EnumerateArray()];
    }

    /// <summary>Deletes the rows matching <paramref name="filter"/> (build it with <see cref="MilvusFilter"/>).</summary>
    public async Task DeleteAsync(string collection, string filter, CancellationToken cancellationToken = default)
        => await CallAsync("entities/delete", "delete", collection, new { collectionName = collection, filter }, cancellationToken).ConfigureAwait(false);

    private static List<IReadOnlyList<MilvusHit>> SplitByQuery(List<MilvusHit> hits, JsonElement reply, int queries)
    {
        if (reply.TryGetProperty("topks", out var topks) && topks.ValueKind == JsonValueKind.Array)
        {
            var result = new List<IReadOnlyList<MilvusHit>>(queries);
            var start = 0;
            foreach (var topk in topks.EnumerateArray())
            {
                var count = topk.GetInt32();
                result.Add(hits.GetRange(start, count));
                start += count;
            }

            return result;
        }

        // Servers before 2.4.22 / 2.5.5 send no topks: only a single query can be split safely.
        return queries == 1
            ? [hits]
            : throw new MilvusException($"The Milvus server at {{endpoint}} returned no 'topks' for a {queries}-vector search; it needs Milvus ≥ 2.4.22 or ≥ 2.5.5.");
    }

    // ---- users and roles (Milvus' role-based access control; needs authorizationEnabled on a real server) ----

    public async Task<IReadOnlyList<string>> ListUsersAsync(CancellationToken cancellationToken = default)
        => Names(await CallAsync("users/list", "list_users", null, new { }, cancellationToken).ConfigureAwait(false));

    public async Task CreateUserAsync(string userName, string password, CancellationToken cancellationToken = default)
        => await CallAsync("users/create", "create_user", null, new { userName, password }, cancellationToken).ConfigureAwait(false);

    public async Task DropUserAsync(string userName, CancellationToken cancellationToken = default)
        => await CallAsync("users/drop", "drop_user", null, new { userName }, cancellationToken).ConfigureAwait(false);

    /// <summary>The roles granted to a user.</summary>
    public async Task<IReadOnlyList<string>> DescribeUserAsync(string userName, CancellationToken cancellationToken = default)
        => Names(await CallAsync("users/describe", "describe_user", null, new { userName }, cancellationToken).ConfigureAwait(false));

    public async Task GrantRoleAsync(string userName, string roleName, CancellationToken cancellationToken = default)
        => await CallAsync("users/grant_role", "grant_role", null, new { userName, roleName }, cancellationToken).ConfigureAwait(false);

    public async Task RevokeRoleAsync(string userName, string roleName, CancellationToken cancellationToken = default)
        => await CallAsync("users/revoke_role", "revoke_role", null, new { userName, roleName }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<string>> ListRolesAsync(CancellationToken cancellationToken = default)
        => Names(await CallAsync("roles/list", "list_roles", null, new { }, cancellationToken).ConfigureAwait(false));

    public async Task CreateRoleAsync(string roleName, CancellationToken cancellationToken = default)
        => await CallAsync("roles/create", "create_role", null, new { roleName }, cancellationToken).ConfigureAwait(false);

    /// <summary>The privileges granted to a role (in the client's database).</summary>
    public async Task<IReadOnlyList<MilvusGrant>> DescribeRoleAsync(string roleName, CancellationToken cancellationToken = default)
    {
        var data = await CallAsync("roles/describe", "describe_role", null, new { roleName }, cancellationToken).ConfigureAwait(false);
        return data.ValueKind != JsonValueKind.Array
            ? []
            : [.. data.EnumerateArray().Select(g => new MilvusGrant(
                g.GetProperty("objectType").GetString()!, g.GetProperty("objectName").GetString()!, g.GetProperty("privilege").GetString()!))];
    }

    public async Task GrantPrivilegeAsync(string roleName, MilvusGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        await CallAsync("roles/grant_privilege", "grant_privilege", null,
            new { roleName, objectType = grant.ObjectType, objectName = grant.ObjectName, privilege = grant.Privilege }, cancellationToken).ConfigureAwait(false);
    }

    public async Task RevokePrivilegeAsync(string roleName, MilvusGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        await CallAsync("roles/revoke_privilege", "revoke_privilege", null,
            new { roleName, objectType = grant.ObjectType, objectName = grant.ObjectName, privilege = grant.Privilege }, cancellationToken).ConfigureAwait(false);
    }

    // Milvus answers a list of names as strings; some versions wrap each in an object ({"roleName": …}).
    private static List<string> Names(JsonElement data)
        => data.ValueKind != JsonValueKind.Array
            ? []
            : [.. data.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : n.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.String).Value.GetString()!)];

    private static long ReadInt64(JsonElement value)
        => value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetInt64();

    /// <summary>One call: a span, retries, the envelope check. Returns <c>data</c> (or the whole reply).</summary>
    private async Task<JsonElement> CallAsync<TBody>(
        string path, string operation, string? collection, TBody body, CancellationToken cancellationToken, int? batchSize = null, bool wholeReply = false)
    {
        using var activity = _settings.DisableTracing ? null : MilvusTelemetry.ActivitySource.StartActivity(
            collection is null ? operation : $"{operation} {collection}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", MilvusTelemetry.SystemName);
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.collection.name", collection);
            activity.SetTag("server.address", Endpoint.Host);
            activity.SetTag("server.port", Endpoint.Port);
            if (batchSize is { } size)
            {
                activity.SetTag("db.operation.batch.size", size);
            }
        }

        var started = Stopwatch.GetTimestamp();
        string? errorType = null;
        try
        {
            // A send the handler keeps running after its attempt ended (a reply that came before the whole body went) only
            // reads this buffer, onto a connection that is not used again: the buffer can go back to the pool at the end.
            using var buffer = Buffers.GetStream(operation);
            using (var writer = new Utf8JsonWriter((System.Buffers.IBufferWriter<byte>)buffer, WriterOptions))
            {
                JsonSerializer.Serialize(writer, body, Json);
            }

            // One contiguous pooled buffer, sent again as it is by each retry.
            var payload = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
            JsonElement reply;
            try
            {
                reply = await _retry.ExecuteAsync(
                    async token => await SendOnceAsync(path, operation, payload, token).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Polly.Timeout.TimeoutRejectedException e)
            {
                throw new TimeoutException($"Milvus {operation} did not finish within {_settings.CallTimeout}.", e);
            }

            return wholeReply ? reply : reply.TryGetProperty("data", out var data) ? data : default;
        }
        catch (Exception e)
        {
            errorType = e is MilvusException { Code: not 0 } m ? m.Code.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.GetType().FullName;
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.SetTag("error.type", errorType);
            throw;
        }
        finally
        {
            if (!_settings.DisableMetrics)
            {
                MilvusTelemetry.OperationDuration.Record(
                    Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new("db.system.name", MilvusTelemetry.SystemName),
                    new("db.operation.name", operation),
                    new("db.collection.name", collection),
                    new("error.type", errorType));
            }
        }
    }

    private async Task<JsonElement> SendOnceAsync(string path, string operation, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(ApiPrefix + path, content, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Milvus {operation} took longer than {_settings.RequestTimeout}.", e);
        }

        using (response)
        {
            // Bytes, not a string: a reply of vectors is megabytes of UTF-8 that the parser reads as they are.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            JsonElement reply = default;
            var isJson = false;
            try
            {
                // Parsed once, in place; the clone is a copy of bytes that outlives the pooled document.
                using var document = JsonDocument.Parse(body);
                reply = document.RootElement.Clone();
                isJson = reply.ValueKind == JsonValueKind.Object;
            }
            catch (JsonException)
            {
            }

            var code = isJson && reply.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
            if (code != 0 || !response.IsSuccessStatusCode)
            {
                var message = isJson && reply.TryGetProperty("message", out var m) ? m.GetString() ?? "" : Truncate(body);
                throw new MilvusException(operation, code, $"{message} (HTTP {(int)response.StatusCode})", (int)response.StatusCode);
            }

            if (!isJson)
            {
                throw new MilvusException(operation, 0, $"reply is not a JSON object: {Truncate(body)}", (int)response.StatusCode);
            }

            return reply;
        }
    }

    private static string Truncate(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 800));
        return text.Length <= 200 && body.Length <= 800 ? text : text[..Math.Min(text.Length, 200)] + "…";
    }

    public void Dispose() => _http.Dispose();
}
