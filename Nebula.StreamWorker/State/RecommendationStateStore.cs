using System.Globalization;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using StackExchange.Redis;

namespace Nebula.StreamWorker.State;

/// <summary>Everything a batch changes, written to Redis at once.</summary>
public sealed record StateChanges(
    string Topic,
    IReadOnlyDictionary<string, TasteProfile> Profiles,
    IReadOnlyDictionary<string, RecommendationList?> Lists,
    IReadOnlyDictionary<string, double> PopularityIncrements,
    IReadOnlyDictionary<int, long> AppliedOffsets);

/// <summary>The worker's state in Redis (keys in <see cref="RedisKeys"/>): profiles, lists, popularity and applied offsets.</summary>
public sealed class RecommendationStateStore(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    /// <summary>Partition → offset of the last event already applied to the state.</summary>
    public async Task<IReadOnlyDictionary<int, long>> ReadAppliedOffsetsAsync(string topic, IReadOnlyList<int> partitions) =>
        (await ReadStateAsync(topic, partitions, []).ConfigureAwait(false)).AppliedOffsets;

    /// <summary>
    /// In one pipelined round trip: partition → offset of the last event already applied, and the profiles of
    /// <paramref name="userIds"/> (users without one are absent).
    /// </summary>
    public async Task<(IReadOnlyDictionary<int, long> AppliedOffsets, IReadOnlyDictionary<string, TasteProfile> Profiles)> ReadStateAsync(
        string topic, IReadOnlyList<int> partitions, IReadOnlyList<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentNullException.ThrowIfNull(userIds);
        var batch = Database.CreateBatch();
        var offsetsRead = batch.HashGetAsync(RedisKeys.AppliedOffsets(topic), [.. partitions.Select(p => (RedisValue)p)]);
        var profileReads = userIds.Select(user => batch.HashGetAllAsync(RedisKeys.Profile(user))).ToArray();
        batch.Execute();
        var offsets = await offsetsRead.ConfigureAwait(false);
        await Task.WhenAll(profileReads).ConfigureAwait(false);

        var applied = new Dictionary<int, long>();
        for (var i = 0; i < partitions.Count; i++)
        {
            // A missing field is RedisValue.Null, which TryParse reads as 0.
            if (!offsets[i].IsNull && offsets[i].TryParse(out long offset))
            {
                applied[partitions[i]] = offset;
            }
        }

        var profiles = new Dictionary<string, TasteProfile>(StringComparer.Ordinal);
        for (var i = 0; i < userIds.Count; i++)
        {
            var fields = profileReads[i].Result.ToDictionary(entry => entry.Name.ToString(), entry => (byte[])entry.Value!, StringComparer.Ordinal);
            if (TasteProfileCodec.Decode(fields) is { } profile)
            {
                profiles[userIds[i]] = profile;
            }
        }

        return (applied, profiles);
    }

    public async Task ForgetAppliedOffsetsAsync(string topic, IReadOnlyList<int> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        await Database.HashDeleteAsync(RedisKeys.AppliedOffsets(topic), [.. partitions.Select(p => (RedisValue)p)]).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a batch's profiles, lists, popularity and applied offsets in one MULTI/EXEC, so that the
    /// recorded offsets never get ahead of (or behind) the state they describe; then notifies each user's listeners.
    /// </summary>
    public async Task WriteAsync(StateChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var transaction = Database.CreateTransaction();
        var writes = new List<Task>();
        foreach (var (user, profile) in changes.Profiles)
        {
            var fields = TasteProfileCodec.Encode(profile).Select(f => new HashEntry(f.Key, f.Value)).ToArray();
            writes.Add(transaction.HashSetAsync(RedisKeys.Profile(user), fields));
        }

        foreach (var (user, list) in changes.Lists)
        {
            writes.Add(list is null
                ? transaction.KeyDeleteAsync(RedisKeys.Recommendations(user))
                : transaction.StringSetAsync(RedisKeys.Recommendations(user), list.ToJson()));
        }

        foreach (var (item, increment) in changes.PopularityIncrements)
        {
            writes.Add(transaction.SortedSetIncrementAsync(RedisKeys.Popularity, item, increment));
        }

        if (changes.AppliedOffsets.Count > 0)
        {
            writes.Add(transaction.HashSetAsync(
                RedisKeys.AppliedOffsets(changes.Topic),
                [.. changes.AppliedOffsets.Select(o => new HashEntry(o.Key, o.Value.ToString(CultureInfo.InvariantCulture)))]));
        }

        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            throw new RedisException("The state transaction was not executed.");
        }

        await Task.WhenAll(writes).ConfigureAwait(false);

        var notifications = Database.CreateBatch();
        var published = changes.Lists.Keys
            .Select(user => notifications.PublishAsync(RedisChannel.Literal(RedisKeys.RecommendationsUpdatedChannel), user))
            .ToArray();
        notifications.Execute();
        await Task.WhenAll(published).ConfigureAwait(false);
    }
}
