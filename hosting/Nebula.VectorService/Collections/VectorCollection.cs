using System.Text.Json;
using Nebula.Milvus;
using Nebula.VectorService.Indexing;
using Nebula.VectorService.Query;
using Nebula.VectorService.Storage;

namespace Nebula.VectorService.Collections;

/// <summary>
/// One collection: its rows (<see cref="RowTable"/>), their HNSW index (<see cref="VectorIndex"/>) and its files
/// (<see cref="CollectionFiles"/>). A write goes to the log first and then to the rows, in one order, so that a
/// restart replays exactly what was served; the index follows.
/// </summary>
internal sealed class VectorCollection : IDisposable
{
    // Below this many queries a request is answered on its own thread: spreading costs more than it saves.
    private const int ParallelSearchMinimum = 8;
    private static readonly ParallelOptions SearchParallelism = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    private readonly Lock _writeOrder = new();
    private readonly VectorServiceOptions _options;
    private readonly CollectionFiles _files;
    private readonly RowTable _rows;
    private readonly VectorIndex _index;
    private readonly NearestSearch _search;
    private bool _disposed;

    public VectorCollection(CollectionDefinition definition, string directory, VectorServiceOptions options)
    {
        Definition = definition;
        _options = options;
        var dimensions = definition.VectorField.Dim!.Value;
        var index = definition.Index ?? new IndexDefinition(definition.VectorField.Name, definition.VectorField.Name, "COSINE", 16, 200);
        _index = new VectorIndex(dimensions, index, options.DefaultSearchEf);
        _rows = new RowTable(definition, _index);
        _files = new CollectionFiles(directory, options.LogSync);
        Repair = _files.Restore(_rows, _index, dimensions);
        _search = new NearestSearch(_rows, _index, options);
    }

    public CollectionDefinition Definition { get; set; }

    /// <summary>What start-up cut off a damaged log (and so lost), or null.</summary>
    public RowLogRepair? Repair { get; }

    public long Count => _rows.Count;

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
        Store([.. prepared.GroupBy(r => r.Id, StringComparer.Ordinal).Select(g => g.Last())]);
        return [.. prepared.Select(r => r.Id)];
    }

    /// <summary>Stores rows that are already validated (scalars as JSON, primary key included): the bulk path, without JSON vectors.</summary>
    public void Import(IReadOnlyList<(string Id, byte[] Scalars, float[] Vector)> rows) => Store(rows);

    private void Store(IReadOnlyList<(string Id, byte[] Scalars, float[] Vector)> rows)
    {
        lock (_writeOrder)
        {
            _files.Log.AppendUpserts(rows.Select(r => (r.Scalars, r.Vector)));
            _rows.Put([.. rows.Select(r => ((string?)r.Id, r.Scalars, r.Vector))]);
        }
    }

    /// <summary>Deletes rows matching the filter; returns how many.</summary>
    public int Delete(FilterExpression filter)
    {
        lock (_writeOrder)
        {
            var ids = _rows.Select(filter).Select(row => row.Id).ToList();
            if (ids.Count == 0)
            {
                return 0;
            }

            _files.Log.AppendDelete(ids);
            return _rows.Remove(ids);
        }
    }

    /// <summary>The nearest rows to each query (COSINE similarity, highest first), optionally filtered.</summary>
    /// <remarks>
    /// A request with many queries (the worker's batch searches one vector per user) spreads them over the cores, as Milvus
    /// does with a request's vectors; each query's answer is the same as on its own.
    /// </remarks>
    public IReadOnlyList<IReadOnlyList<SearchHit>> Search(IReadOnlyList<float[]> queries, int limit, FilterExpression? filter, int? ef, bool withVectors)
    {
        foreach (var query in queries)
        {
            if (query.Length != _index.Dimensions)
            {
                throw new VectorServiceException(MilvusErrorCodes.InvalidParameter,
                    $"the vector has {query.Length} dimensions, the collection's field has {_index.Dimensions}");
            }
        }

        var results = new IReadOnlyList<SearchHit>[queries.Count];
        var breadth = ef ?? _options.DefaultSearchEf;
        if (queries.Count < ParallelSearchMinimum)
        {
            for (var i = 0; i < queries.Count; i++)
            {
                results[i] = _search.Search(queries[i], limit, filter, breadth, withVectors);
            }
        }
        else
        {
            Parallel.For(0, queries.Count, SearchParallelism, i => results[i] = _search.Search(queries[i], limit, filter, breadth, withVectors));
        }

        return results;
    }

    /// <summary>Rows matching the filter in primary-key order (stable across calls, so offsets page).</summary>
    public IReadOnlyList<SearchHit> Query(FilterExpression? filter, int offset, int limit, bool withVectors) => _rows.Page(filter, offset, limit, withVectors);

    public long CountMatching(FilterExpression? filter) => _rows.CountMatching(filter);

    public IReadOnlyList<SearchHit> Get(IEnumerable<string> ids, bool withVectors) => _rows.Get(ids, withVectors);

    /// <summary>Saves the index so that the next start loads it instead of rebuilding it.</summary>
    public void SaveSnapshot() => _files.SaveSnapshot(_index, _rows);

    /// <summary>Deletes the collection's files (drop).</summary>
    public void DeleteFiles()
    {
        Close(save: false);
        _files.Delete();
    }

    public void Dispose()
    {
        Close(save: true);
        _files.Dispose();
    }

    private void Close(bool save)
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

        _index.Dispose();
        _rows.Dispose();
    }
}
