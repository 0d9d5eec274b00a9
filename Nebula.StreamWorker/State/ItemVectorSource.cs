using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.StreamWorker.State;

/// <summary>Item vectors from Milvus, fetched in one call per batch for the items not already in memory.</summary>
public sealed class ItemVectorSource : IDisposable
{
    private static readonly string[] VectorFields = [ItemFields.ItemId, ItemFields.Vector];

    private readonly MilvusClient _milvus;
    private readonly string _collection;
    private readonly MemoryCache? _cache;
    private readonly TimeSpan _lifetime;

    public ItemVectorSource(MilvusClient milvus, IOptions<ItemsCollectionOptions> items, IOptions<StreamWorkerOptions> options)
    {
        _milvus = milvus;
        _collection = items.Value.CollectionName;
        _lifetime = options.Value.ItemVectorCacheLifetime;
        _cache = options.Value.ItemVectorCacheSize > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.ItemVectorCacheSize }) : null;
    }

    /// <summary>The vectors of the items that exist; unknown ids are absent from the result.</summary>
    public async Task<IReadOnlyDictionary<string, float[]>> GetAsync(IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, float[]>(itemIds.Count, StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in itemIds)
        {
            if (_cache is not null && _cache.TryGetValue(id, out float[]? vector) && vector is not null)
            {
                found[id] = vector;
            }
            else
            {
                missing.Add(id);
            }
        }

        if (missing.Count == 0)
        {
            return found;
        }

        var rows = await _milvus.GetAsync(_collection, missing, VectorFields, cancellationToken);
        foreach (var row in rows)
        {
            var id = row.GetProperty(ItemFields.ItemId).GetString()!;
            var vector = VectorJson.Read(row.GetProperty(ItemFields.Vector));
            found[id] = vector;
            _cache?.Set(id, vector, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _lifetime });
        }

        return found;
    }

    /// <summary>Drops the item's cached vector (<see cref="CatalogChangeListener"/>).</summary>
    public void Forget(string itemId) => _cache?.Remove(itemId);

    public void Dispose() => _cache?.Dispose();
}
