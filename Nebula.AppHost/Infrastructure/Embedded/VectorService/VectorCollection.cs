using System.Numerics.Tensors;
using System.Text;
using System.Text.Json;
using Nebula.Core.Milvus;

namespace Nebula.AppHost.Infrastructure.Embedded.VectorService;

/// <summary>
/// One collection: rows by primary key (scalar fields as JSON beside the vector), an HNSW index over the vectors
/// and the row log that persists them. Small collections are searched exactly; larger ones through the index.
/// </summary>
internal sealed class VectorCollection : IDisposable
{
    private const string DistanceField = "distance";
    private const int MinimumCapacity = 1024;

    // The log is compacted at start when it holds this many records more than twice the live rows.
    private const int CompactionSlack = 1000;

    private readonly Dictionary<string, Entry> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, Entry> _byKey = [];
    private readonly ReaderWriterLockSlim _lock = new();
    // USearch allows concurrent adds, removes and searches, but growing its capacity must exclude all of them.
    private readonly ReaderWriterLockSlim _indexLock = new();

    // Every add or search holds one of USearch's per-thread contexts: one writer request at a time adds with
    // at most AddThreads threads, and searches are admitted up to the contexts left.
    private readonly Lock _mutationLock = new();
    private readonly Lock _writeOrder = new();
    private readonly SemaphoreSlim _searchSlots = new(SearchContexts);
    private static readonly int AddThreads = Environment.ProcessorCount;
    private const int SearchContexts = 32;
    private readonly VectorServiceOptions _options;
    private readonly string _directory;
    private readonly RowLog _log;
    private readonly HnswIndex _index;
    private ulong _nextKey = 1;
    private bool _indexDirty;
    private bool _disposed;

    private sealed record Entry(string Id, ulong Key, float[] Vector, float Norm, JsonElement Scalars);

    public VectorCollection(CollectionDefinition definition, string directory, VectorServiceOptions options)
    {
        Definition = definition;
        _options = options;
        _directory = directory;
        Directory.CreateDirectory(directory);
        var index = definition.Index ?? new IndexDefinition(definition.VectorField.Name, definition.VectorField.Name, "COSINE", 16, 200);
        _index = new HnswIndex(definition.VectorField.Dim!.Value, index.M, index.EfConstruction, options.DefaultSearchEf, AddThreads + SearchContexts);
        _log = new RowLog(Path.Combine(directory, "rows.log"));
        Restore();
    }

    public CollectionDefinition Definition { get; set; }

    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _rows.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    private string SnapshotPath => Path.Combine(_directory, "index.hnsw");

    private string SnapshotStampPath => Path.Combine(_directory, "index.stamp");

    // ---- writes ----

    /// <summary>Validates every row first (all or nothing), then stores them; returns the primary keys.</summary>
    public IReadOnlyList<string> Upsert(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw new VectorServiceException(MilvusErrorCodes.MissingRequiredParameters, "'data' must be an array of rows");
        }

        var prepared = new List<(string Id, byte[] Scalars, float[] Vector)>();
        var position = 0;
        foreach (var row in data.EnumerateArray())
        {
            prepared.Add(RowCodec.Validate(Definition, row, position++));
        }

        // Within one request the last row for a key wins, as a Milvus upsert does.
        var latest = prepared.GroupBy(r => r.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        Store(latest);
        return [.. prepared.Select(r => r.Id)];
    }

    /// <summary>Stores rows that are already validated (scalars as JSON, primary key included): the bulk path, without JSON vectors.</summary>
    internal void Import(IReadOnlyList<(string Id, byte[] Scalars, float[] Vector)> rows) => Store(rows);

    private void Store(IReadOnlyList<(string Id, byte[] Scalars, float[] Vector)> rows)
    {
        (List<Entry> Added, List<ulong> Replaced) changes;

        // The log and the rows change in the same order, so a restart replays exactly what was served.
        lock (_writeOrder)
        {
            _log.AppendUpserts(rows.Select(r => (r.Scalars, r.Vector)));
            changes = UpdateRows(rows);
        }

        UpdateIndex(changes.Added, changes.Replaced);
    }

    /// <summary>Deletes rows matching the filter; returns how many.</summary>
    public int Delete(FilterExpression filter)
    {
        List<string> ids;
        lock (_writeOrder)
        {
            _lock.EnterReadLock();
            try
            {
                ids = [.. Matching(filter).Select(e => e.Id)];
            }
            finally
            {
                _lock.ExitReadLock();
            }

            if (ids.Count == 0)
            {
                return 0;
            }

            _log.AppendDelete(ids);
            Remove(ids);
        }

        return ids.Count;
    }

    /// <summary>The rows a filter selects: a lookup for a primary-key filter, a scan otherwise. Call under the read lock.</summary>
    private IEnumerable<Entry> Matching(FilterExpression? filter)
    {
        if (filter is null)
        {
            return _rows.Values;
        }

        return filter.ExactValuesOf(Definition.PrimaryField.Name) is { } ids
            ? ids.Distinct(StringComparer.Ordinal).Where(_rows.ContainsKey).Select(id => _rows[id])
            : _rows.Values.Where(e => filter.Matches(e.Scalars));
    }

    private (List<Entry> Added, List<ulong> Replaced) UpdateRows(IReadOnlyList<(string Id, byte[] Scalars, float[] Vector)> rows)
    {
        var added = new List<Entry>(rows.Count);
        var replaced = new List<ulong>();
        _lock.EnterWriteLock();
        try
        {
            foreach (var (id, scalars, vector) in rows)
            {
                var entry = NewEntry(scalars, vector, id);
                if (PutRow(entry) is { } old)
                {
                    replaced.Add(old);
                }

                added.Add(entry);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return (added, replaced);
    }

    /// <summary>A row as stored in memory; the id is read from the scalars when the caller does not know it.</summary>
    private Entry NewEntry(byte[] scalars, float[] vector, string? id = null)
    {
        using var document = JsonDocument.Parse(scalars);
        var values = document.RootElement.Clone();
        return new Entry(id ?? RowCodec.PrimaryKey(Definition, values), _nextKey++, vector, TensorPrimitives.Norm(vector), values);
    }

    /// <summary>Stores <paramref name="entry"/> under its id and key; returns the key of the row it replaced. Call under the write lock.</summary>
    private ulong? PutRow(Entry entry)
    {
        var replaced = RemoveRow(entry.Id);
        _rows[entry.Id] = entry;
        _byKey[entry.Key] = entry;
        return replaced;
    }

    /// <summary>Forgets the row with <paramref name="id"/>; returns its index key, or null when there was none. Call under the write lock.</summary>
    private ulong? RemoveRow(string id)
    {
        if (!_rows.Remove(id, out var old))
        {
            return null;
        }

        _byKey.Remove(old.Key);
        return old.Key;
    }

    /// <summary>Takes removed keys out of the index and adds new entries (in parallel, after growing it if needed).</summary>
    private void UpdateIndex(IReadOnlyCollection<Entry> added, IReadOnlyList<ulong> removed)
    {
        lock (_mutationLock)
        {
            if (added.Count > 0)
            {
                _indexLock.EnterWriteLock();
                try
                {
                    _index.Reserve(Math.Max(MinimumCapacity, (_index.Count + added.Count) * 2));
                }
                finally
                {
                    _indexLock.ExitWriteLock();
                }
            }

            _indexLock.EnterReadLock();
            try
            {
                foreach (var key in removed)
                {
                    _index.Remove(key);
                }

                Parallel.ForEach(added, new ParallelOptions { MaxDegreeOfParallelism = AddThreads }, entry => _index.Add(entry.Key, entry.Vector));
            }
            finally
            {
                _indexLock.ExitReadLock();
            }
        }

        _indexDirty = true;
    }

    private void Remove(IReadOnlyList<string> ids)
    {
        var removed = new List<ulong>();
        _lock.EnterWriteLock();
        try
        {
            foreach (var id in ids)
            {
                if (RemoveRow(id) is { } key)
                {
                    removed.Add(key);
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        UpdateIndex([], removed);
    }

    // ---- reads ----

    public sealed record Hit(float Score, JsonElement Scalars, float[] Vector);

    /// <summary>The nearest rows to each query (COSINE similarity, highest first), optionally filtered.</summary>
    public IReadOnlyList<IReadOnlyList<Hit>> Search(IReadOnlyList<float[]> queries, int limit, FilterExpression? filter, int? ef)
    {
        var results = new List<IReadOnlyList<Hit>>(queries.Count);
        foreach (var query in queries)
        {
            if (query.Length != _index.Dimensions)
            {
                throw new VectorServiceException(MilvusErrorCodes.InvalidParameter,
                    $"the vector has {query.Length} dimensions, the collection's field has {_index.Dimensions}");
            }

            results.Add(SearchOne(query, limit, filter, ef ?? _options.DefaultSearchEf));
        }

        return results;
    }

    private List<Hit> SearchOne(float[] query, int limit, FilterExpression? filter, int ef)
    {
        var count = Count;
        if (count <= _options.ExactSearchThreshold)
        {
            return Exact(query, limit, filter);
        }

        var want = filter is null ? limit : (int)Math.Min(count, (long)limit * _options.FilteredOverfetch);
        var keys = new ulong[want];
        var distances = new float[want];
        int found;
        _searchSlots.Wait();
        _indexLock.EnterReadLock();
        try
        {
            found = _index.Search(query, Math.Max(ef, want), keys, distances);
        }
        finally
        {
            _indexLock.ExitReadLock();
            _searchSlots.Release();
        }

        var hits = new List<Hit>(limit);
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < found && hits.Count < limit; i++)
            {
                if (_byKey.TryGetValue(keys[i], out var entry) && (filter is null || filter.Matches(entry.Scalars)))
                {
                    hits.Add(new Hit(1 - distances[i], entry.Scalars, entry.Vector));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        // A selective filter can leave too few candidates: then the answer comes from a scan, so it is never short.
        return filter is not null && hits.Count < limit && found == want ? Exact(query, limit, filter) : hits;
    }

    private List<Hit> Exact(float[] query, int limit, FilterExpression? filter)
    {
        var queryNorm = TensorPrimitives.Norm(query);
        var best = new PriorityQueue<Entry, float>(limit + 1);
        _lock.EnterReadLock();
        try
        {
            foreach (var entry in _rows.Values)
            {
                if (filter is not null && !filter.Matches(entry.Scalars))
                {
                    continue;
                }

                var score = Cosine(query, queryNorm, entry);
                if (best.Count < limit)
                {
                    best.Enqueue(entry, score);
                }
                else if (best.TryPeek(out _, out var worst) && score > worst)
                {
                    best.DequeueEnqueue(entry, score);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var hits = new List<Hit>(best.Count);
        while (best.TryDequeue(out var entry, out var score))
        {
            hits.Add(new Hit(score, entry.Scalars, entry.Vector));
        }

        hits.Reverse();
        return hits;
    }

    private static float Cosine(float[] query, float queryNorm, Entry entry)
        => queryNorm == 0 || entry.Norm == 0 ? 0 : TensorPrimitives.Dot(query, entry.Vector) / (queryNorm * entry.Norm);

    /// <summary>Rows matching the filter in primary-key order (stable across calls, so offsets page).</summary>
    public IReadOnlyList<Hit> Query(FilterExpression? filter, int offset, int limit)
    {
        _lock.EnterReadLock();
        try
        {
            return [.. Matching(filter)
                .OrderBy(e => e.Id, StringComparer.Ordinal)
                .Skip(offset)
                .Take(limit)
                .Select(e => new Hit(0, e.Scalars, e.Vector))];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public long CountMatching(FilterExpression? filter)
    {
        _lock.EnterReadLock();
        try
        {
            return filter is null ? _rows.Count : Matching(filter).LongCount();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<Hit> Get(IEnumerable<string> ids)
    {
        _lock.EnterReadLock();
        try
        {
            return [.. ids.Distinct(StringComparer.Ordinal).Where(_rows.ContainsKey).Select(id => _rows[id]).Select(e => new Hit(0, e.Scalars, e.Vector))];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Writes the requested fields of a hit as one JSON object (Milvus' row shape), with <c>distance</c> for searches.</summary>
    public void WriteRow(Utf8JsonWriter writer, Hit hit, IReadOnlyCollection<string> outputFields, bool withDistance)
    {
        writer.WriteStartObject();
        var primary = Definition.PrimaryField.Name;
        var all = outputFields.Contains("*");
        if (hit.Scalars.TryGetProperty(primary, out var id))
        {
            writer.WritePropertyName(primary);
            id.WriteTo(writer);
        }

        foreach (var property in hit.Scalars.EnumerateObject())
        {
            if (property.Name != primary && (all || outputFields.Contains(property.Name)))
            {
                property.WriteTo(writer);
            }
        }

        var vectorField = Definition.VectorField.Name;
        if (outputFields.Contains(vectorField))
        {
            writer.WriteStartArray(vectorField);
            foreach (var value in hit.Vector)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }

        if (withDistance)
        {
            writer.WriteNumber(DistanceField, hit.Score);
        }

        writer.WriteEndObject();
    }

    // ---- persistence ----

    private void Restore()
    {
        var records = 0L;
        var dim = Definition.VectorField.Dim!.Value;
        var stamp = ReadStamp();
        _lock.EnterWriteLock();
        try
        {
            foreach (var record in _log.Replay(dim))
            {
                records++;
                if (record.IsDelete)
                {
                    foreach (var id in record.DeletedIds!)
                    {
                        RemoveRow(id);
                    }

                    continue;
                }

                PutRow(NewEntry(record.Scalars, record.Vector!));
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        if (records > (2L * _rows.Count) + CompactionSlack)
        {
            Compact();
        }

        if (stamp is { } saved && saved.LogLength == _log.Length && saved.NextKey == _nextKey && File.Exists(SnapshotPath))
        {
            _index.Load(SnapshotPath);
            _index.Reserve(Math.Max(MinimumCapacity, _rows.Count * 2));
            return;
        }

        UpdateIndex(_rows.Values, []);
        _indexDirty = records > 0;
    }

    /// <summary>
    /// Rewrites the log with only the live rows (replaced and deleted ones dropped), in the same order, so that the
    /// keys a replay assigns stay consistent; the index snapshot no longer matches and is discarded.
    /// </summary>
    private void Compact()
    {
        var entries = _rows.Values.OrderBy(e => e.Key).ToList();
        _log.Rewrite(entries.Select(e => (Encoding.UTF8.GetBytes(e.Scalars.GetRawText()), e.Vector)));
        _rows.Clear();
        _byKey.Clear();
        _nextKey = 1;
        foreach (var entry in entries)
        {
            PutRow(entry with { Key = _nextKey++ });
        }

        File.Delete(SnapshotPath);
        File.Delete(SnapshotStampPath);
    }

    private sealed record Stamp(long LogLength, ulong NextKey);

    private Stamp? ReadStamp()
    {
        try
        {
            return File.Exists(SnapshotStampPath) ? JsonSerializer.Deserialize<Stamp>(File.ReadAllText(SnapshotStampPath)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Saves the index so that the next start loads it instead of rebuilding (valid only while the log is unchanged).</summary>
    public void SaveSnapshot()
    {
        if (!_indexDirty)
        {
            return;
        }

        _index.Save(SnapshotPath);
        File.WriteAllText(SnapshotStampPath, JsonSerializer.Serialize(new Stamp(_log.Length, _nextKey)), Encoding.UTF8);
        _indexDirty = false;
    }

    /// <summary>Deletes the collection's files (drop).</summary>
    public void DeleteFiles()
    {
        Dispose(save: false);
        Directory.Delete(_directory, recursive: true);
    }

    public void Dispose() => Dispose(save: true);

    private void Dispose(bool save)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (save)
        {
            SaveSnapshot();
        }

        _log.Dispose();
        _index.Dispose();
        _lock.Dispose();
        _indexLock.Dispose();
        _searchSlots.Dispose();
    }
}
