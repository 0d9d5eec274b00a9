using System.Globalization;
using System.Text.Json;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using StackExchange.Redis;

namespace Nebula.StreamWorker.State;

/// <summary>The worker's state in Redis (keys in <see cref="RedisKeys"/>): profiles, lists, popularity, transitions, applied offsets, applied event ids and the dead-letter outbox.</summary>
public sealed class RecommendationStateStore(IConnectionMultiplexer redis, TimeProvider time)
{
    private static readonly ParallelOptions Encoding = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Partition → offset of the last event already applied to the state (partitions without a record are absent).</summary>
    public async Task<IReadOnlyDictionary<int, long>> ReadAppliedOffsetsAsync(string topic, IReadOnlyList<int> partitions) =>
        (await ReadStateAsync(topic, partitions, [])).AppliedOffsets;

    /// <summary>
    /// In one pipelined round trip: the applied offsets of <paramref name="partitions"/>, the profiles of the events'
    /// users, which of the events' ids were applied before, and which users were forgotten and when.
    /// </summary>
    public async Task<StoredState> ReadStateAsync(string topic, IReadOnlyList<int> partitions, IReadOnlyList<InteractionEvent> events)
    {
        var users = events.GroupBy(e => e.UserId, StringComparer.Ordinal).Select(g => (User: g.Key, Ids: g.Select(e => e.EventId).Distinct().ToArray())).ToArray();
        var batch = Database.CreateBatch();
        var offsetsRead = partitions.Count == 0
            ? Task.FromResult(Array.Empty<RedisValue>())
            : batch.StringGetAsync([.. partitions.Select(p => (RedisKey)RedisKeys.AppliedOffset(topic, p))]);
        var profileReads = users.Select(u => batch.HashGetAllAsync(RedisKeys.Profile(u.User))).ToArray();
        var eventReads = users.Select(u => batch.SortedSetScoresAsync(RedisKeys.AppliedEvents(u.User), [.. u.Ids.Select(EventMember)])).ToArray();
        // One MGET: the forget counter, then each user's tombstone.
        var forgetReads = batch.StringGetAsync([RedisKeys.ForgetGeneration, .. users.Select(u => (RedisKey)RedisKeys.Forgotten(u.User))]);
        batch.Execute();
        var offsets = await offsetsRead;
        await Task.WhenAll(profileReads);
        await Task.WhenAll(eventReads);
        var forgetValues = await forgetReads;
        var generation = forgetValues[0];
        var tombstones = forgetValues.AsSpan(1);

        var applied = new Dictionary<int, long>();
        for (var i = 0; i < partitions.Count; i++)
        {
            if (!offsets[i].IsNull)
            {
                applied[partitions[i]] = offsets[i].TryParse(out long offset)
                    ? offset
                    : throw new FormatException($"The applied offset of {topic}/{partitions[i]} is not a number.");
            }
        }

        var profiles = new Dictionary<string, TasteProfile>(StringComparer.Ordinal);
        var appliedEvents = new HashSet<(string, Guid)>();
        var forgotten = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < users.Length; i++)
        {
            if (!tombstones[i].IsNull)
            {
                forgotten[users[i].User] = tombstones[i].TryParse(out long at)
                    ? at
                    : throw new FormatException($"The tombstone of a forgotten user ({RedisKeys.Forgotten(users[i].User)}) is not a time.");
            }

            var fields = profileReads[i].Result.ToDictionary(entry => entry.Name.ToString(), entry => (byte[])entry.Value!, StringComparer.Ordinal);
            if (TasteProfileCodec.Decode(fields) is { } profile)
            {
                profiles[users[i].User] = profile;
            }

            var scores = eventReads[i].Result;
            for (var k = 0; k < scores.Length; k++)
            {
                if (scores[k] is not null)
                {
                    appliedEvents.Add((users[i].User, users[i].Ids[k]));
                }
            }
        }

        return new StoredState(applied, profiles, appliedEvents, forgotten, generation.IsNull ? null : (long)generation);
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
        var batch = Database.CreateBatch();
        var rowsRead = QueueTransitionRows(batch, fromItems, linksPerItem, pendingTransitions);
        var popularTop = popularCount == 0 ? Task.FromResult(Array.Empty<SortedSetEntry>()) : batch.SortedSetRangeByRankWithScoresAsync(RedisKeys.Popularity, 0, popularCount - 1, Order.Descending);
        var popularChanged = pendingPopularity.Count == 0 ? Task.FromResult(Array.Empty<double?>()) : batch.SortedSetScoresAsync(RedisKeys.Popularity, [.. pendingPopularity.Keys.Select(item => (RedisValue)item)]);
        var hidden = batch.SetMembersAsync(RedisKeys.HiddenItems);
        batch.Execute();
        var rows = await rowsRead;

        var popular = (await popularTop).ToDictionary(entry => entry.Element.ToString(), entry => entry.Score, StringComparer.Ordinal);
        var changedPopularity = await popularChanged;
        var increased = pendingPopularity.Keys.ToArray();
        for (var i = 0; i < increased.Length; i++)
        {
            popular[increased[i]] = (changedPopularity[i] ?? 0) + pendingPopularity[increased[i]];
        }

        return new RankingInputs(
            rows,
            [.. Strongest(popular, popularCount).Select(entry => new ScoredItem(entry.Key, entry.Value))],
            (await hidden).Select(member => member.ToString()).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// In one pipelined round trip, the strongest <paramref name="linksPerItem"/> links of each of
    /// <paramref name="fromItems"/> and its total, as they will be once <paramref name="pendingTransitions"/> are added
    /// (the rows a ranking reads after the first round trip: <see cref="ItemTransitions.TwoHopSources"/>).
    /// </summary>
    public async Task<Dictionary<string, TransitionRow>> ReadTransitionRowsAsync(
        IReadOnlyCollection<string> fromItems, int linksPerItem, IReadOnlyDictionary<string, Dictionary<string, double>> pendingTransitions)
    {
        if (fromItems.Count == 0)
        {
            return new Dictionary<string, TransitionRow>(StringComparer.Ordinal);
        }

        var batch = Database.CreateBatch();
        var rowsRead = QueueTransitionRows(batch, fromItems, linksPerItem, pendingTransitions);
        batch.Execute();
        return await rowsRead;
    }

    /// <summary>
    /// Queues on <paramref name="batch"/> each item's stored top and total, and the stored weight of every member the
    /// batch changes (an increment can lift a member from below the top into it); the task gives the merged rows.
    /// </summary>
    private static async Task<Dictionary<string, TransitionRow>> QueueTransitionRows(
        IBatch batch, IReadOnlyCollection<string> fromItems, int linksPerItem, IReadOnlyDictionary<string, Dictionary<string, double>> pendingTransitions)
    {
        var from = fromItems.ToArray();
        var pending = from.Select(item => pendingTransitions.GetValueOrDefault(item)?.ToArray() ?? []).ToArray();
        var tops = from.Select(item => batch.SortedSetRangeByRankWithScoresAsync(RedisKeys.Transitions(item), 0, linksPerItem - 1, Order.Descending)).ToArray();
        var totals = from.Length == 0 ? Task.FromResult(Array.Empty<RedisValue>()) : batch.HashGetAsync(RedisKeys.TransitionTotals, [.. from.Select(item => (RedisValue)item)]);
        var changed = from.Select((item, i) => pending[i].Length == 0
            ? Task.FromResult(Array.Empty<double?>())
            : batch.SortedSetScoresAsync(RedisKeys.Transitions(item), [.. pending[i].Select(link => (RedisValue)link.Key)])).ToArray();
        // Everything above is queued before the first await, so before the caller executes the batch.
        await Task.WhenAll(tops);
        await Task.WhenAll(changed);
        var storedTotals = await totals;

        var rows = new Dictionary<string, TransitionRow>(StringComparer.Ordinal);
        for (var i = 0; i < from.Length; i++)
        {
            var total = storedTotals[i].IsNull ? 0 : (double)storedTotals[i];
            if (pending[i].Length == 0 && InStrongestOrder(tops[i].Result) is { } unchanged)
            {
                // Most rows the batch does not touch: Redis' order is already the answer, no merge or sort needed.
                if (unchanged.Count > 0)
                {
                    rows[from[i]] = new TransitionRow(unchanged, total);
                }

                continue;
            }

            var links = tops[i].Result.ToDictionary(entry => entry.Element.ToString(), entry => entry.Score, StringComparer.Ordinal);
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

        return rows;
    }

    private static RedisValue EventMember(Guid eventId) => eventId.ToString("N");

    /// <summary>
    /// A descending ZRANGE's entries as <see cref="Strongest"/> would order them, or null when Redis' byte order of
    /// tied members differs from the ordinal order (then the caller sorts).
    /// </summary>
    private static List<KeyValuePair<string, double>>? InStrongestOrder(SortedSetEntry[] entries)
    {
        var links = new List<KeyValuePair<string, double>>(entries.Length);
        foreach (var entry in entries)
        {
            var link = new KeyValuePair<string, double>(entry.Element.ToString(), entry.Score);
            if (links.Count > 0 && links[^1].Value == link.Value && string.CompareOrdinal(links[^1].Key, link.Key) < 0)
            {
                return null;
            }

            links.Add(link);
        }

        return links;
    }

    /// <summary>The strongest entries as a descending ZRANGE returns them: highest score first, ties by the larger member.</summary>
    private static List<KeyValuePair<string, double>> Strongest(Dictionary<string, double> entries, int count) =>
        [.. entries.OrderByDescending(entry => entry.Value).ThenByDescending(entry => entry.Key, StringComparer.Ordinal).Take(count)];

    public async Task ForgetAppliedOffsetsAsync(string topic, IReadOnlyList<int> partitions)
    {
        await Database.KeyDeleteAsync([.. partitions.Select(p => (RedisKey)RedisKeys.AppliedOffset(topic, p))]);
    }

    /// <summary>The dead letters of events read from <paramref name="topic"/>, written with the state but not yet published (a worker stopped in between).</summary>
    public async Task<IReadOnlyList<PendingDeadLetter>> ReadPendingDeadLettersAsync(string topic)
    {
        var entries = await Database.HashGetAllAsync(RedisKeys.DeadLetterOutbox(topic));
        return [.. entries.Select(entry => JsonSerializer.Deserialize<PendingDeadLetter>((byte[])entry.Value!)!)];
    }

    /// <summary>Forgets dead letters once the broker has them.</summary>
    public async Task RemovePendingDeadLettersAsync(string topic, IReadOnlyList<PendingDeadLetter> letters)
    {
        if (letters.Count > 0)
        {
            await Database.HashDeleteAsync(RedisKeys.DeadLetterOutbox(topic), [.. letters.Select(letter => (RedisValue)letter.Id)]);
        }
    }

    /// <summary>
    /// Writes a batch's profiles, lists, popularity, transitions, applied offsets, applied event ids and dead letters in
    /// one MULTI/EXEC, so that the recorded offsets never get ahead of (or behind) the state they describe; then
    /// notifies each user's listeners. The transaction runs only if every partition's applied offset is still what the
    /// batch read (WATCH): a worker that lost a partition, or two that both think they own it, cannot both write it;
    /// nor if any user was forgotten since the read (the forget counter moved), which could bring a profile back.
    /// </summary>
    /// <exception cref="StateConflictException">An applied offset or the forget counter changed since it was read; nothing was written.</exception>
    public async Task WriteAsync(StateChanges changes)
    {
        var transaction = Database.CreateTransaction();
        foreach (var (partition, expected) in changes.ExpectedOffsets)
        {
            var key = RedisKeys.AppliedOffset(changes.Topic, partition);
            transaction.AddCondition(expected is { } offset
                ? Condition.StringEqual(key, offset.ToString(CultureInfo.InvariantCulture))
                : Condition.KeyNotExists(key));
        }

        if (changes.Profiles.Count > 0)
        {
            transaction.AddCondition(changes.ForgetGeneration is { } generation
                ? Condition.StringEqual(RedisKeys.ForgetGeneration, generation)
                : Condition.KeyNotExists(RedisKeys.ForgetGeneration));
        }

        // Encoding the batch's profiles and lists is most of building the transaction: spread over the cores.
        var profiles = changes.Profiles.ToArray();
        var lists = changes.Lists.ToArray();
        var profileFields = new HashEntry[profiles.Length][];
        var listValues = new byte[]?[lists.Length];
        Parallel.For(0, profiles.Length + lists.Length, Encoding, i =>
        {
            if (i < profiles.Length)
            {
                profileFields[i] = [.. TasteProfileCodec.Encode(profiles[i].Value).Select(f => new HashEntry(f.Key, f.Value))];
            }
            else
            {
                listValues[i - profiles.Length] = lists[i - profiles.Length].Value?.ToUtf8Json();
            }
        });

        var writes = new List<Task>();
        for (var i = 0; i < profiles.Length; i++)
        {
            writes.Add(transaction.HashSetAsync(RedisKeys.Profile(profiles[i].Key), profileFields[i]));
        }

        for (var i = 0; i < lists.Length; i++)
        {
            var key = RedisKeys.Recommendations(lists[i].Key);
            writes.Add(listValues[i] is { } value ? transaction.StringSetAsync(key, value) : transaction.KeyDeleteAsync(key));
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

        foreach (var (partition, offset) in changes.AppliedOffsets)
        {
            writes.Add(transaction.StringSetAsync(RedisKeys.AppliedOffset(changes.Topic, partition), offset.ToString(CultureInfo.InvariantCulture)));
        }

        // Each user's applied ids, the older ones (outside the window) dropped, the key gone once the user is idle.
        var oldest = (time.GetUtcNow() - changes.AppliedEventWindow).ToUnixTimeMilliseconds();
        foreach (var user in changes.AppliedEvents.GroupBy(e => e.UserId, StringComparer.Ordinal))
        {
            var key = RedisKeys.AppliedEvents(user.Key);
            writes.Add(transaction.SortedSetAddAsync(key, [.. user.Select(e => new SortedSetEntry(EventMember(e.EventId), e.OccurredAt.ToUnixTimeMilliseconds()))]));
            writes.Add(transaction.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, oldest, Exclude.Stop));
            writes.Add(transaction.KeyExpireAsync(key, changes.AppliedEventWindow));
        }

        if (changes.DeadLetters.Count > 0)
        {
            writes.Add(transaction.HashSetAsync(
                RedisKeys.DeadLetterOutbox(changes.Topic),
                [.. changes.DeadLetters.Select(letter => new HashEntry(letter.Id, JsonSerializer.SerializeToUtf8Bytes(letter)))]));
        }

        if (!await ExecuteAsync(transaction))
        {
            throw new StateConflictException();
        }

        await Task.WhenAll(writes);

        var notifications = Database.CreateBatch();
        var published = changes.Lists.Keys
            .Select(user => notifications.PublishAsync(RedisChannel.Literal(RedisKeys.RecommendationsUpdatedChannel), user))
            .ToArray();
        notifications.Execute();
        await Task.WhenAll(published);
    }

    /// <summary>
    /// Runs the batch's transaction. A command Redis refuses as it is queued makes it discard the whole transaction with
    /// EXECABORT, a reply that names no reason; the error says which refusals lead there, so that the worker's log does.
    /// </summary>
    private static async Task<bool> ExecuteAsync(ITransaction transaction)
    {
        try
        {
            return await transaction.ExecuteAsync();
        }
        catch (RedisServerException error) when (error.Message.StartsWith("EXECABORT", StringComparison.Ordinal))
        {
            throw new RedisServerException(
                $"{error.Message} Redis refused the batch's commands, so nothing was written: it is at its memory limit (OOM; the health " +
                "check StreamWorker.RedisMemory says so), a read-only replica, or the user may not run them (ACL).");
        }
    }
}
