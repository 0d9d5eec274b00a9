using System.Globalization;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using StackExchange.Redis;

namespace Nebula.StreamWorker.State;

/// <summary>The worker's state in Redis (keys in <see cref="RedisKeys"/>): profiles, lists, popularity, transitions and applied offsets.</summary>
public sealed class RecommendationStateStore(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    /// <summary>Partition → offset of the last event already applied to the state.</summary>
    public async Task<IReadOnlyDictionary<int, long>> ReadAppliedOffsetsAsync(string topic, IReadOnlyList<int> partitions) =>
        (await ReadStateAsync(topic, partitions, [])).AppliedOffsets;

    /// <summary>
    /// In one pipelined round trip: partition → offset of the last event already applied, and the profiles of
    /// <paramref name="userIds"/> (users without one are absent).
    /// </summary>
    public async Task<(IReadOnlyDictionary<int, long> AppliedOffsets, IReadOnlyDictionary<string, TasteProfile> Profiles)> ReadStateAsync(
        string topic, IReadOnlyList<int> partitions, IReadOnlyList<string> userIds)
    {
        var batch = Database.CreateBatch();
        var offsetsRead = batch.HashGetAsync(RedisKeys.AppliedOffsets(topic), [.. partitions.Select(p => (RedisValue)p)]);
        var profileReads = userIds.Select(user => batch.HashGetAllAsync(RedisKeys.Profile(user))).ToArray();
        batch.Execute();
        var offsets = await offsetsRead;
        await Task.WhenAll(profileReads);

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

    /// <summary>
    /// In one pipelined round trip, the ranking's inputs as they will be once <paramref name="pendingTransitions"/> and
    /// <paramref name="pendingPopularity"/> (this batch's, not yet written) are added: the strongest
    /// <paramref name="linksPerItem"/> links of each of <paramref name="fromItems"/> and the <paramref name="popularCount"/>
    /// most popular items. Besides each stored top, it reads the stored weight of every member this batch changes,
    /// since an increment can lift a member from below the top into it.
    /// </summary>
    public async Task<RankingInputs> ReadRankingInputsAsync(
        IReadOnlyCollection<string> fromItems, int linksPerItem, int popularCount,
        IReadOnlyDictionary<string, Dictionary<string, double>> pendingTransitions, IReadOnlyDictionary<string, double> pendingPopularity)
    {
        var from = fromItems.ToArray();
        var pending = from.Select(item => pendingTransitions.GetValueOrDefault(item)?.ToArray() ?? []).ToArray();
        var batch = Database.CreateBatch();
        var tops = from.Select(item => batch.SortedSetRangeByRankWithScoresAsync(RedisKeys.Transitions(item), 0, linksPerItem - 1, Order.Descending)).ToArray();
        var totals = from.Length == 0 ? Task.FromResult(Array.Empty<RedisValue>()) : batch.HashGetAsync(RedisKeys.TransitionTotals, [.. from.Select(item => (RedisValue)item)]);
        var changed = from.Select((item, i) => pending[i].Length == 0
            ? Task.FromResult(Array.Empty<double?>())
            : batch.SortedSetScoresAsync(RedisKeys.Transitions(item), [.. pending[i].Select(link => (RedisValue)link.Key)])).ToArray();
        var popularTop = popularCount == 0 ? Task.FromResult(Array.Empty<SortedSetEntry>()) : batch.SortedSetRangeByRankWithScoresAsync(RedisKeys.Popularity, 0, popularCount - 1, Order.Descending);
        var popularChanged = pendingPopularity.Count == 0 ? Task.FromResult(Array.Empty<double?>()) : batch.SortedSetScoresAsync(RedisKeys.Popularity, [.. pendingPopularity.Keys.Select(item => (RedisValue)item)]);
        batch.Execute();
        await Task.WhenAll(tops);
        await Task.WhenAll(changed);
        var storedTotals = await totals;

        var rows = new Dictionary<string, TransitionRow>(StringComparer.Ordinal);
        for (var i = 0; i < from.Length; i++)
        {
            var links = tops[i].Result.ToDictionary(entry => entry.Element.ToString(), entry => entry.Score, StringComparer.Ordinal);
            var total = storedTotals[i].IsNull ? 0 : (double)storedTotals[i];
            var stored = changed[i].Result;
            for (var k = 0; k < pending[i].Length; k++)
            {
                var (to, weight) = pending[i][k];
                links[to] = (stored[k] ?? 0) + weight;
                total += weight;
            }

            if (links.Count > 0)
            {
                rows[from[i]] = new TransitionRow(Strongest(links, linksPerItem), total);
            }
        }

        var popular = (await popularTop).ToDictionary(entry => entry.Element.ToString(), entry => entry.Score, StringComparer.Ordinal);
        var changedPopularity = await popularChanged;
        var increased = pendingPopularity.Keys.ToArray();
        for (var i = 0; i < increased.Length; i++)
        {
            popular[increased[i]] = (changedPopularity[i] ?? 0) + pendingPopularity[increased[i]];
        }

        return new RankingInputs(rows, [.. Strongest(popular, popularCount).Select(entry => new ScoredItem(entry.Key, entry.Value))]);
    }

    /// <summary>The strongest entries as a descending ZRANGE returns them: highest score first, ties by the larger member.</summary>
    private static List<KeyValuePair<string, double>> Strongest(Dictionary<string, double> entries, int count) =>
        [.. entries.OrderByDescending(entry => entry.Value).ThenByDescending(entry => entry.Key, StringComparer.Ordinal).Take(count)];

    public async Task ForgetAppliedOffsetsAsync(string topic, IReadOnlyList<int> partitions)
    {
        await Database.HashDeleteAsync(RedisKeys.AppliedOffsets(topic), [.. partitions.Select(p => (RedisValue)p)]);
    }

    /// <summary>
    /// Writes a batch's profiles, lists, popularity, transitions and applied offsets in one MULTI/EXEC, so that the
    /// recorded offsets never get ahead of (or behind) the state they describe; then notifies each user's listeners.
    /// </summary>
    public async Task WriteAsync(StateChanges changes)
    {
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

        // One ZINCRBY per link and one HINCRBYFLOAT per item, however many of the batch's events made them; then
        // only the strongest links stay: ZREMRANGEBYRANK drops the weakest (ties: the smaller member first).
        foreach (var (from, links) in changes.Transitions)
        {
            var key = RedisKeys.Transitions(from);
            foreach (var (to, weight) in links)
            {
                writes.Add(transaction.SortedSetIncrementAsync(key, to, weight));
            }

            writes.Add(transaction.HashIncrementAsync(RedisKeys.TransitionTotals, from, links.Values.Sum()));
            writes.Add(transaction.SortedSetRemoveRangeByRankAsync(key, 0, -(changes.TransitionsKept + 1)));
        }

        if (changes.AppliedOffsets.Count > 0)
        {
            writes.Add(transaction.HashSetAsync(
                RedisKeys.AppliedOffsets(changes.Topic),
                [.. changes.AppliedOffsets.Select(o => new HashEntry(o.Key, o.Value.ToString(CultureInfo.InvariantCulture)))]));
        }

        if (!await transaction.ExecuteAsync())
        {
            throw new RedisException("The state transaction was not executed.");
        }

        await Task.WhenAll(writes);

        var notifications = Database.CreateBatch();
        var published = changes.Lists.Keys
            .Select(user => notifications.PublishAsync(RedisChannel.Literal(RedisKeys.RecommendationsUpdatedChannel), user))
            .ToArray();
        notifications.Execute();
        await Task.WhenAll(published);
    }
}
