using System.Numerics.Tensors;
using System.Text.Json;
using Nebula.VectorService.Indexing;
using Nebula.VectorService.Query;

namespace Nebula.VectorService.Storage;

/// <summary>
/// A collection's rows in memory, by primary key and by index key (the number the HNSW index knows a row by; a replaced
/// row gets a new one). Many readers or one writer at a time. A row's vector is kept only in the index (at 500k rows a
/// second copy here cost 0.8 GB), so a row's vector enters the index before the row is visible and leaves it under the
/// write lock, and readers copy vectors under the read lock: whoever finds a row finds its vector.
/// </summary>
internal sealed class RowTable(CollectionDefinition definition, VectorIndex index) : IDisposable
{
    /// <summary>Visits a row of a scan with its vector (a buffer reused for the next row).</summary>
    public delegate void RowVisitor(StoredRow row, ReadOnlySpan<float> vector);

    private readonly Dictionary<string, StoredRow> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, StoredRow> _byKey = [];
    private readonly ReaderWriterLockSlim _lock = new();
    private ulong _nextKey = 1;

    /// <summary>The key the next row gets: with the log's length, it tells whether an index snapshot still matches.</summary>
    public ulong NextKey => Read(() => _nextKey);

    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _byId.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Stores rows (primary key included in the scalars): their vectors go into the index under new keys, then the rows
    /// become visible, and the vectors of the rows they replace leave the index. Writers are serialised by the caller,
    /// so keys follow the log's order. Without <paramref name="indexVectors"/> (a start replaying its log before it
    /// knows whether the saved index matches) the vectors are dropped.
    /// </summary>
    public void Put(IReadOnlyList<(string? Id, byte[] Scalars, float[] Vector)> rows, bool indexVectors = true)
    {
        // The keys are taken first, so that a failed index add never leaves keys in the index that the next put reuses.
        ulong next;
        _lock.EnterWriteLock();
        try
        {
            next = _nextKey;
            _nextKey += (ulong)rows.Count;
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        var prepared = new List<StoredRow>(rows.Count);
        foreach (var (id, scalars, vector) in rows)
        {
            using var document = JsonDocument.Parse(scalars);
            var values = document.RootElement.Clone();
            prepared.Add(new StoredRow(id ?? RowCodec.PrimaryKey(definition, values), next++, TensorPrimitives.Norm(vector), values));
        }

        if (indexVectors)
        {
            index.Add([.. prepared.Select((row, i) => (row.Key, rows[i].Vector))]);
        }

        _lock.EnterWriteLock();
        try
        {
            var replaced = new List<ulong>();
            foreach (var row in prepared)
            {
                if (RemoveUnlocked(row.Id) is { } old)
                {
                    replaced.Add(old);
                }

                _byId[row.Id] = row;
                _byKey[row.Key] = row;
            }

            if (indexVectors)
            {
                index.Remove(replaced);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Forgets the rows with <paramref name="ids"/> (and their vectors, unless the index is not built yet); returns how many.</summary>
    public int Remove(IEnumerable<string> ids, bool indexVectors = true)
    {
        var removed = new List<ulong>();
        _lock.EnterWriteLock();
        try
        {
            foreach (var id in ids)
            {
                if (RemoveUnlocked(id) is { } key)
                {
                    removed.Add(key);
                }
            }

            if (indexVectors)
            {
                index.Remove(removed);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return removed.Count;
    }

    /// <summary>Whether a row has this index key (a rebuild adds the vectors of these only).</summary>
    public bool Contains(ulong key) => Read(() => _byKey.ContainsKey(key));

    /// <summary>
    /// Gives every row a new key, 1, 2, … in the current order (after the log was compacted to the live rows); only
    /// before the index is built, since its vectors are under the old keys.
    /// </summary>
    public void Renumber()
    {
        _lock.EnterWriteLock();
        try
        {
            var rows = _byKey.Values.OrderBy(row => row.Key).ToList();
            _byId.Clear();
            _byKey.Clear();
            _nextKey = 1;
            foreach (var row in rows)
            {
                var moved = row with { Key = _nextKey++ };
                _byId[moved.Id] = moved;
                _byKey[moved.Key] = moved;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The rows a filter selects: a lookup for a primary-key filter, a scan otherwise.</summary>
    public List<StoredRow> Select(FilterExpression? filter) => Read(() => Matching(filter).ToList());

    public long CountMatching(FilterExpression? filter) => Read(() => filter is null ? _byId.Count : Matching(filter).LongCount());

    /// <summary>The rows with these primary keys (missing ones left out), with their vectors when asked.</summary>
    public List<SearchHit> Get(IEnumerable<string> ids, bool withVectors) => Read(() =>
        ids.Distinct(StringComparer.Ordinal).Where(_byId.ContainsKey).Select(id => Hit(_byId[id], 0, withVectors)).ToList());

    /// <summary>A page of the rows a filter selects in primary-key order (stable across calls, so offsets page).</summary>
    public List<SearchHit> Page(FilterExpression? filter, int offset, int limit, bool withVectors) => Read(() =>
        Matching(filter).OrderBy(row => row.Id, StringComparer.Ordinal).Skip(offset).Take(limit).Select(row => Hit(row, 0, withVectors)).ToList());

    /// <summary>Visits every row the filter selects with its vector, under one read lock (an exact search).</summary>
    public void Scan(FilterExpression? filter, RowVisitor visit)
    {
        var vector = new float[index.Dimensions];
        _lock.EnterReadLock();
        try
        {
            foreach (var row in _byId.Values)
            {
                if (filter is null || filter.Matches(row.Scalars))
                {
                    CopyVector(row.Key, vector);
                    visit(row, vector);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The hits behind the first <paramref name="found"/> index keys that match <paramref name="filter"/> (all when it
    /// is null), at most <paramref name="limit"/>, scored from the index's distances. On every search: no closures.
    /// </summary>
    public List<SearchHit> ByKeys(ulong[] keys, float[] distances, int found, FilterExpression? filter, int limit, bool withVectors)
    {
        var hits = new List<SearchHit>(limit);
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < found && hits.Count < limit; i++)
            {
                if (_byKey.TryGetValue(keys[i], out var row) && (filter is null || filter.Matches(row.Scalars)))
                {
                    hits.Add(Hit(row, 1 - distances[i], withVectors));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return hits;
    }

    /// <summary>A row as an answer, its vector copied out of the index when asked; under the read lock.</summary>
    private SearchHit Hit(StoredRow row, float score, bool withVector)
    {
        if (!withVector)
        {
            return new SearchHit(score, row.Scalars, null);
        }

        var vector = new float[index.Dimensions];
        CopyVector(row.Key, vector);
        return new SearchHit(score, row.Scalars, vector);
    }

    private void CopyVector(ulong key, Span<float> vector)
    {
        if (!index.TryCopy(key, vector))
        {
            throw new InvalidOperationException($"row key {key} has no vector in the index");
        }
    }

    private IEnumerable<StoredRow> Matching(FilterExpression? filter)
    {
        if (filter is null)
        {
            return _byId.Values;
        }

        return filter.ExactValuesOf(definition.PrimaryField.Name) is { } ids
            ? ids.Distinct(StringComparer.Ordinal).Where(_byId.ContainsKey).Select(id => _byId[id])
            : _byId.Values.Where(row => filter.Matches(row.Scalars));
    }

    private ulong? RemoveUnlocked(string id)
    {
        if (!_byId.Remove(id, out var old))
        {
            return null;
        }

        _byKey.Remove(old.Key);
        return old.Key;
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();
}
