using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.Api.Services;

/// <summary>
/// Catalogue fields by item id from Milvus, cached: known items for <see cref="ApiOptions.ItemCacheLifetime"/>,
/// unknown ids briefly (<see cref="ApiOptions.UnknownItemCacheLifetime"/>) so that items the Embedder adds soon appear.
/// An item changed through the Api is forgotten at once on every instance (<see cref="Forget"/>).
/// </summary>
public sealed class ItemCatalog : IDisposable
{
    private static readonly string[] DisplayFields = [ItemFields.ItemId, ItemFields.Title, ItemFields.Brand, ItemFields.Categories, ItemFields.Price, ItemFields.ImageUrl];
    private static readonly object Unknown = new();

    private readonly MilvusClient _milvus;
    private readonly ApiOptions _options;
    private readonly MemoryCache _cache;
    private readonly TimeProvider _time;
    private long _nextAliasCheck;
    private string? _physicalCollection;

    public ItemCatalog(MilvusClient milvus, IOptions<ItemsCollectionOptions> items, IOptions<ApiOptions> options, TimeProvider time)
    {
        _time = time;
        _milvus = milvus;
        Collection = items.Value.CollectionName;
        _options = options.Value;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.ItemCacheSize });
    }

    /// <summary>The collection (alias) the services read.</summary>
    public string Collection { get; }

    /// <summary>The fields <see cref="FromRow"/> reads, for search output.</summary>
    public static IReadOnlyList<string> OutputFields => DisplayFields;

    public async Task<ItemDetails?> FindAsync(string itemId, CancellationToken cancellationToken)
    {
        var found = await FindManyAsync([itemId], cancellationToken);
        return found.GetValueOrDefault(itemId);
    }

    /// <summary>The items that exist among <paramref name="itemIds"/>, with one Milvus call for those not cached.</summary>
    public async Task<IReadOnlyDictionary<string, ItemDetails>> FindManyAsync(IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        await ForgetReplacedCatalogAsync(cancellationToken);
        var found = new Dictionary<string, ItemDetails>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in itemIds.Distinct(StringComparer.Ordinal))
        {
            if (_cache.TryGetValue(id, out var cached))
            {
                if (cached is ItemDetails details)
                {
                    found[id] = details;
                }
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

        var rows = await _milvus.GetAsync(Collection, missing, DisplayFields, cancellationToken);
        foreach (var row in rows)
        {
            var details = FromRow(row);
            found[details.ItemId] = details;
            _cache.Set(details.ItemId, details, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _options.ItemCacheLifetime });
        }

        if (_options.UnknownItemCacheLifetime > TimeSpan.Zero)
        {
            foreach (var id in missing.Where(id => !found.ContainsKey(id)))
            {
                _cache.Set(id, Unknown, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _options.UnknownItemCacheLifetime });
            }
        }

        return found;
    }

    /// <summary>Drops what is cached about the item (its fields, or that it is unknown), so that the next request reads Milvus.</summary>
    public void Forget(string itemId) => _cache.Remove(itemId);

    /// <summary>
    /// Empties the cache when the alias points to another collection (an Embedder <c>--recreate</c> swapped the
    /// catalogue), checked at most every <see cref="ApiOptions.CatalogCheckInterval"/>. In-place changes
    /// are picked up as cache entries expire.
    /// </summary>
    private async Task ForgetReplacedCatalogAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        var due = Interlocked.Read(ref _nextAliasCheck);
        if (now < due || Interlocked.CompareExchange(ref _nextAliasCheck, now + (long)(_options.CatalogCheckInterval.TotalSeconds * _time.TimestampFrequency), due) != due)
        {
            return;
        }

        try
        {
            var physical = await _milvus.DescribeAliasAsync(Collection, cancellationToken);
            if (physical is not null && Interlocked.Exchange(ref _physicalCollection, physical) is { } previous && previous != physical)
            {
                _cache.Clear();
            }
        }
        catch (MilvusException)
        {
            // No alias (a collection named "items" itself) or Milvus busy: the entries' lifetimes still apply.
        }
    }

    /// <summary>The item's vector, or null for an unknown item (not cached: only the similar-items route needs it).</summary>
    public async Task<float[]?> FindVectorAsync(string itemId, CancellationToken cancellationToken) =>
        (await FindVectorsAsync([itemId], cancellationToken)).GetValueOrDefault(itemId);

    /// <summary>The vectors of the items that exist among <paramref name="itemIds"/>, in one Milvus call (not cached).</summary>
    public async Task<IReadOnlyDictionary<string, float[]>> FindVectorsAsync(IReadOnlyList<string> itemIds, CancellationToken cancellationToken)
    {
        var rows = itemIds.Count == 0 ? [] : await _milvus.GetAsync(Collection, itemIds, [ItemFields.ItemId, ItemFields.Vector], cancellationToken);
        return rows.ToDictionary(
            row => row.GetProperty(ItemFields.ItemId).GetString()!,
            row => VectorJson.Read(row.GetProperty(ItemFields.Vector)),
            StringComparer.Ordinal);
    }

    public static ItemDetails FromRow(JsonElement row) => new(
        row.GetProperty(ItemFields.ItemId).GetString()!,
        String(row, ItemFields.Title) ?? "",
        String(row, ItemFields.Brand),
        row.TryGetProperty(ItemFields.Categories, out var categories) && categories.ValueKind == JsonValueKind.Array
            ? [.. categories.EnumerateArray().Select(c => c.GetString() ?? "")]
            : [],
        row.TryGetProperty(ItemFields.Price, out var price) && price.ValueKind == JsonValueKind.Number ? price.GetDouble() : null,
        String(row, ItemFields.ImageUrl));

    private static string? String(JsonElement row, string field) =>
        row.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public void Dispose() => _cache.Dispose();
}
