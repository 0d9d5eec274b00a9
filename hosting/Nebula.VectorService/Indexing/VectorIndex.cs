using Nebula.VectorService.Storage;

namespace Nebula.VectorService.Indexing;

/// <summary>
/// A collection's HNSW index with the rules USearch sets for concurrency: adds, removes and searches may run together,
/// but growing the capacity must exclude all of them; and each add or search holds one of its per-thread contexts, so
/// one writer adds at a time with at most <see cref="AddThreads"/> threads and searches are admitted up to the contexts left.
/// The index is also where rows' vectors are kept (<see cref="TryCopy"/>): one copy of each, not one here and one in
/// managed memory.
/// </summary>
internal sealed class VectorIndex : IDisposable
{
    private const int MinimumCapacity = 1024;
    private const int SearchContexts = 32;
    private static readonly int AddThreads = Environment.ProcessorCount;

    private readonly HnswIndex _index;
    private readonly ReaderWriterLockSlim _capacityLock = new();
    private readonly Lock _mutationLock = new();
    private readonly SemaphoreSlim _searchSlots = new(SearchContexts);

    public VectorIndex(int dimensions, IndexDefinition definition, int defaultSearchEf)
    {
        _index = new HnswIndex(dimensions, definition.M, definition.EfConstruction, defaultSearchEf, AddThreads + SearchContexts);
    }

    public int Dimensions => _index.Dimensions;

    /// <summary>Whether the index changed since it was last saved or loaded.</summary>
    public bool IsDirty { get; set; }

    /// <summary>An add failed part-way: the index may lack rows the log has, so it must not be saved as matching the log.</summary>
    public bool IsIncomplete { get; private set; }

    /// <summary>Adds vectors under new keys, in parallel, after growing the capacity if needed.</summary>
    public void Add(IReadOnlyCollection<(ulong Key, float[] Vector)> vectors)
    {
        if (vectors.Count == 0)
        {
            return;
        }

        lock (_mutationLock)
        {
            Reserve(_index.Count + vectors.Count);
            _capacityLock.EnterReadLock();
            try
            {
                Parallel.ForEach(vectors, new ParallelOptions { MaxDegreeOfParallelism = AddThreads }, row => _index.Add(row.Key, row.Vector));
            }
            catch
            {
                IsIncomplete = true;
                throw;
            }
            finally
            {
                _capacityLock.ExitReadLock();
            }
        }

        IsDirty = true;
    }

    /// <summary>Takes the vectors of replaced or deleted rows out.</summary>
    public void Remove(IReadOnlyCollection<ulong> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        lock (_mutationLock)
        {
            _capacityLock.EnterReadLock();
            try
            {
                foreach (var key in keys)
                {
                    _index.Remove(key);
                }
            }
            finally
            {
                _capacityLock.ExitReadLock();
            }
        }

        IsDirty = true;
    }

    /// <summary>Copies the vector stored under <paramref name="key"/>: the index holds the only copy of every row's vector.</summary>
    public bool TryCopy(ulong key, Span<float> vector)
    {
        _capacityLock.EnterReadLock();
        try
        {
            return _index.TryGet(key, vector);
        }
        finally
        {
            _capacityLock.ExitReadLock();
        }
    }

    /// <summary>Approximate nearest neighbours: fills keys and cosine distances (1 − similarity), returns how many.</summary>
    public int Search(float[] query, int ef, ulong[] keys, float[] distances)
    {
        _searchSlots.Wait();
        _capacityLock.EnterReadLock();
        try
        {
            return _index.Search(query, ef, keys, distances);
        }
        finally
        {
            _capacityLock.ExitReadLock();
            _searchSlots.Release();
        }
    }

    public void Save(string path)
    {
        _index.Save(path);
        IsDirty = false;
    }

    /// <summary>Loads a saved index and makes room for <paramref name="rows"/> rows.</summary>
    public void Load(string path, long rows)
    {
        _index.Load(path);
        Reserve(rows);
        IsDirty = false;
    }

    /// <summary>Room for twice <paramref name="rows"/>, so that growing (which excludes every other call) is rare.</summary>
    private void Reserve(long rows)
    {
        _capacityLock.EnterWriteLock();
        try
        {
            _index.Reserve(Math.Max(MinimumCapacity, rows * 2));
        }
        finally
        {
            _capacityLock.ExitWriteLock();
        }
    }

    public void Dispose()
    {
        _index.Dispose();
        _capacityLock.Dispose();
        _searchSlots.Dispose();
    }
}
