using System.Numerics.Tensors;
using System.Text.Json;
using Nebula.VectorService.Query;

namespace Nebula.VectorService.Storage;

/// <summary>
/// A collection's rows in memory, by primary key and by index key (the number the HNSW index knows a row by; a replaced
/// row gets a new one). Many readers or one writer at a time.
/// </summary>
internal sealed class RowTable(CollectionDefinition definition) : IDisposable
{
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

    /// <summary>Stores rows (primary key included in the scalars); returns the new rows and the keys of the rows they replaced.</summary>
    public (List<StoredRow> Added, List<ulong> Replaced) Put(IReadOnlyList<(string? Id, byte[] Scalars, float[] Vector)> rows)
    {
        var added = new List<StoredRow>(rows.Count);
        var replaced = new List<ulong>();
        _lock.EnterWriteLock();
        try
        {
            foreach (var (id, scalars, vector) in rows)
            {
                using var document = JsonDocument.Parse(scalars);
                var values = document.RootElement.Clone();
                var row = new StoredRow(id ?? RowCodec.PrimaryKey(definition, values), _nextKey++, vector, TensorPrimitives.Norm(vector), values);
                if (RemoveUnlocked(row.Id) is { } old)
                {
                    replaced.Add(old);
                }

                _byId[row.Id] = row;
                _byKey[row.Key] = row;
                added.Add(row);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return (added, replaced);
    }

    /// <summary>Forgets the rows with <paramref name="ids"/>; returns their index keys.</summary>
    public List<ulong> Remove(IEnumerable<string> ids)
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
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return removed;
    }

    /// <summary>Gives every row a new key, 1, 2, … in the current order (after the log was compacted to the live rows); returns them in that order.</summary>
    public List<StoredRow> Renumber()
    {
        _lock.EnterWriteLock();
        try
        {
            var rows = _byKey.Values.OrderBy(row => row.Key).ToList();
            _byId.Clear();
            _byKey.Clear();
            _nextKey = 1;
            var renumbered = new List<StoredRow>(rows.Count);
            foreach (var row in rows)
            {
                var moved = row with { Key = _nextKey++ };
                _byId[moved.Id] = moved;
                _byKey[moved.Key] = moved;
                renumbered.Add(moved);
            }

            return renumbered;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Every row in key order (the order of the log).</summary>
    public List<StoredRow> All() => Read(() => _byKey.Values.OrderBy(row => row.Key).ToList());

    /// <summary>The rows a filter selects: a lookup for a primary-key filter, a scan otherwise.</summary>
    public List<StoredRow> Select(FilterExpression? filter) => Read(() => Matching(filter).ToList());

    public long CountMatching(FilterExpression? filter) => Read(() => filter is null ? _byId.Count : Matching(filter).LongCount());

    /// <summary>The rows with these primary keys; missing ones are left out.</summary>
    public List<StoredRow> Get(IEnumerable<string> ids) =>
        Read(() => ids.Distinct(StringComparer.Ordinal).Where(_byId.ContainsKey).Select(id => _byId[id]).ToList());

    /// <summary>Visits every row under one read lock (an exact search).</summary>
    public void Scan(Action<StoredRow> visit) => Read(() =>
    {
        foreach (var row in _byId.Values)
        {
            visit(row);
        }

        return 0;
    });

    /// <summary>
    /// The rows behind the first <paramref name="found"/> index keys that match <paramref name="filter"/> (all when it is
    /// null), at most <paramref name="limit"/>, each with its position among the keys. On every search: no closures.
    /// </summary>
    public List<(int Position, StoredRow Row)> ByKeys(ulong[] keys, int found, FilterExpression? filter, int limit)
    {
        var rows = new List<(int, StoredRow)>(limit);
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < found && rows.Count < limit; i++)
            {
                if (_byKey.TryGetValue(keys[i], out var row) && (filter is null || filter.Matches(row.Scalars)))
                {
                    rows.Add((i, row));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return rows;
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
