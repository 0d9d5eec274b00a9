using Nebula.Catalog.Embeddings;
using Nebula.Catalog.Reading;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;
using Nebula.Milvus;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>
/// Changes one catalogue item while everything runs: upserts it, embedded on the spot as the Embedder would, or
/// deletes it. Either way every Api instance and the worker are told (<see cref="RedisKeys.CatalogChangedChannel"/>)
/// to forget what they cached about it, so that an upserted item is found by the next request and its events are
/// accepted.
/// </summary>
public sealed class CatalogEditor(MilvusClient milvus, ItemCatalog catalog, Lazy<TextEmbeddingModel> model, IConnectionMultiplexer redis)
{
    /// <summary>Stores the item (replacing the row of the same id); true when it was not in the catalogue before.</summary>
    public async Task<bool> UpsertAsync(CatalogItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var existed = await catalog.FindAsync(item.ItemId, cancellationToken) is not null;
        var text = ItemText.Compose(item);
        var embedding = model.Value;
        var row = ItemsSchema.ToRow(item, embedding.Embed(text), embedding.TextHash(text));
        await milvus.UpsertAsync(catalog.Collection, [row], cancellationToken);

        // A deleted item comes back shown; a hidden one stays hidden.
        var db = redis.GetDatabase();
        if (await db.SetRemoveAsync(RedisKeys.DeletedItems, item.ItemId))
        {
            await db.SetRemoveAsync(RedisKeys.HiddenItems, item.ItemId);
        }

        await AnnounceAsync(item.ItemId);
        return !existed;
    }

    /// <summary>
    /// Deletes the item: hidden first, so that from then on no route serves it (lists already stored included), then
    /// its row, its links to the items shoppers went on to and its popularity. The links other items have to it stay
    /// in their sets, never served while it is deleted. False for an item neither in the catalogue nor deleted before.
    /// </summary>
    public async Task<bool> DeleteAsync(string itemId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        if (await catalog.FindAsync(itemId, cancellationToken) is null && !await db.SetContainsAsync(RedisKeys.DeletedItems, itemId))
        {
            return false;
        }

        var hide = db.CreateTransaction();
        _ = hide.SetAddAsync(RedisKeys.HiddenItems, itemId);
        _ = hide.SetAddAsync(RedisKeys.DeletedItems, itemId);
        await hide.ExecuteAsync();

        await milvus.DeleteAsync(catalog.Collection, MilvusFilter.Equal(ItemFields.ItemId, itemId), cancellationToken);
        var forget = db.CreateTransaction();
        _ = forget.KeyDeleteAsync(RedisKeys.Transitions(itemId));
        _ = forget.HashDeleteAsync(RedisKeys.TransitionTotals, itemId);
        _ = forget.SortedSetRemoveAsync(RedisKeys.Popularity, itemId);
        await forget.ExecuteAsync();

        await AnnounceAsync(itemId);
        return true;
    }

    /// <summary>Whether the item was deleted (and not upserted since).</summary>
    public Task<bool> IsDeletedAsync(string itemId) => redis.GetDatabase().SetContainsAsync(RedisKeys.DeletedItems, itemId);

    private async Task AnnounceAsync(string itemId)
    {
        // This instance at once; the others (and the worker) as the message reaches them, within milliseconds.
        catalog.Forget(itemId);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.CatalogChangedChannel), itemId);
    }
}
