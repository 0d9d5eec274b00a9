using Nebula.Core.Contracts;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>
/// The items an admin hid (<see cref="RedisKeys.HiddenItems"/>), one Redis set every Api instance and the worker read:
/// read whole with every request that serves items, so a hide holds on every instance from the moment it returns,
/// lists already stored included.
/// </summary>
public sealed class HiddenItems(IConnectionMultiplexer redis)
{
    private static readonly HashSet<string> Empty = new(StringComparer.Ordinal);

    public async Task<IReadOnlySet<string>> ReadAsync()
    {
        var members = await redis.GetDatabase().SetMembersAsync(RedisKeys.HiddenItems);
        return members.Length == 0 ? Empty : members.Select(member => member.ToString()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Hides the item, then tells every instance to send its open streams their lists again.</summary>
    public async Task HideAsync(string itemId)
    {
        await redis.GetDatabase().SetAddAsync(RedisKeys.HiddenItems, itemId);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.CatalogChangedChannel), itemId);
    }

    /// <summary>Shows the item again; false when it was not hidden. A deleted item stays hidden (<see cref="CatalogEditor"/>).</summary>
    public async Task<bool> UnhideAsync(string itemId)
    {
        var removed = await redis.GetDatabase().SetRemoveAsync(RedisKeys.HiddenItems, itemId);
        if (removed)
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.CatalogChangedChannel), itemId);
        }

        return removed;
    }

}
