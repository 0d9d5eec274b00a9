using System.Globalization;
using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>
/// Everything Nebula keeps about one user (keys in <see cref="RedisKeys"/>): exported as it is, or forgotten at once.
/// Forgetting deletes the profile, the list, the applied event ids and the idempotency records in one transaction with
/// a tombstone (<see cref="RedisKeys.Forgotten"/>) that makes the worker drop the user's events already in the topic,
/// then ends the user's streams on every Api instance. The transitions and popularity their events added stay: they
/// are sums over everyone, with no user in them. A guest who signs in is merged into the user and then forgotten.
/// </summary>
public sealed class UserDataStore(
    IConnectionMultiplexer redis, IOptions<ApiOptions> options, IOptions<RecommendationOptions> recommendations, TimeProvider time)
{
    // A merge that meets the worker writing one of the two profiles reads again; this many times at most.
    private const int MergeAttempts = 5;

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Forgets <paramref name="userId"/>, whether or not anything was held about them.</summary>
    public async Task ForgetAsync(string userId)
    {
        var eventKeys = await PublishedEventKeysAsync(userId);
        var transaction = Database.CreateTransaction();
        var forget = Forget(transaction, userId, eventKeys);
        await transaction.ExecuteAsync();
        await forget;
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.UserForgottenChannel), userId);
    }

    /// <summary>
    /// Folds <paramref name="guestId"/> into <paramref name="userId"/> (a guest who signed in): the user's profile
    /// becomes the two profiles merged (<see cref="TasteProfileMerger"/>), the user's list the two lists merged until
    /// the user's next event ranks it afresh, and the guest is forgotten, all in one transaction that holds only if
    /// neither profile changed since it was read (else it reads again). Then the user's streams get the new list and the
    /// guest's end. False when it met the worker every time.
    /// </summary>
    public async Task<bool> MergeAsync(string userId, string guestId)
    {
        var settings = recommendations.Value;
        for (var attempt = 0; attempt < MergeAttempts; attempt++)
        {
            var guestEventKeys = await PublishedEventKeysAsync(guestId);
            var batch = Database.CreateBatch();
            var userProfileRead = batch.HashGetAllAsync(RedisKeys.Profile(userId));
            var guestProfileRead = batch.HashGetAllAsync(RedisKeys.Profile(guestId));
            var listsRead = batch.StringGetAsync([RedisKeys.Recommendations(userId), RedisKeys.Recommendations(guestId)]);
            batch.Execute();
            var (userFields, guestFields, lists) = (await userProfileRead, await guestProfileRead, await listsRead);
            var userProfile = Decode(userFields);
            var guestProfile = Decode(guestFields);
            var merged = TasteProfileMerger.Merge(userProfile, guestProfile, settings);
            var userList = lists[0].HasValue ? RecommendationList.FromJson(lists[0].ToString()) : null;
            var guestList = lists[1].HasValue ? RecommendationList.FromJson(lists[1].ToString()) : null;

            var transaction = Database.CreateTransaction();
            // The worker counts every event it applies into a profile: an unchanged count is an unchanged profile.
            transaction.AddCondition(Unchanged(RedisKeys.Profile(userId), userFields));
            transaction.AddCondition(Unchanged(RedisKeys.Profile(guestId), guestFields));
            var writes = new List<Task>();
            if (guestProfile is not null)
            {
                writes.Add(transaction.KeyDeleteAsync(RedisKeys.Profile(userId)));
                writes.Add(transaction.HashSetAsync(RedisKeys.Profile(userId), [.. TasteProfileCodec.Encode(merged).Select(f => new HashEntry(f.Key, f.Value))]));
            }

            if (guestList is not null)
            {
                var items = TasteProfileMerger.MergeLists(userList?.Items ?? [], guestList.Items, merged, settings.StoredListLength);
                writes.Add(transaction.StringSetAsync(
                    RedisKeys.Recommendations(userId), new RecommendationList(userId, items, time.GetUtcNow(), Guid.NewGuid()).ToUtf8Json()));
            }

            writes.Add(Forget(transaction, guestId, guestEventKeys));
            if (await transaction.ExecuteAsync())
            {
                await Task.WhenAll(writes);
                var subscriber = redis.GetSubscriber();
                await subscriber.PublishAsync(RedisChannel.Literal(RedisKeys.RecommendationsUpdatedChannel), userId);
                await subscriber.PublishAsync(RedisChannel.Literal(RedisKeys.UserForgottenChannel), guestId);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Deletes the user's keys and writes the tombstone the worker reads with the user's profile; raises the forget
    /// counter, so that a worker batch that read before this fails its write and reads again (then sees the tombstone).
    /// </summary>
    private Task Forget(ITransaction transaction, string userId, RedisKey[] eventKeys) => Task.WhenAll(
        transaction.KeyDeleteAsync([RedisKeys.Profile(userId), RedisKeys.Recommendations(userId), RedisKeys.AppliedEvents(userId), .. eventKeys]),
        transaction.StringSetAsync(
            RedisKeys.Forgotten(userId), time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), options.Value.ForgottenUserLifetime),
        transaction.StringIncrementAsync(RedisKeys.ForgetGeneration));

    private static TasteProfile? Decode(HashEntry[] fields) =>
        TasteProfileCodec.Decode(fields.ToDictionary(e => e.Name.ToString(), e => (byte[])e.Value!, StringComparer.Ordinal));

    private static Condition Unchanged(RedisKey profile, HashEntry[] fields) =>
        fields.FirstOrDefault(f => f.Name == TasteProfileCodec.EventCountField) is { Value.HasValue: true } count
            ? Condition.HashEqual(profile, TasteProfileCodec.EventCountField, count.Value)
            : Condition.KeyNotExists(profile);

    /// <summary>What is held about <paramref name="userId"/>, or null when nothing is.</summary>
    public async Task<UserDataExport?> ExportAsync(string userId)
    {
        var eventKeys = await PublishedEventKeysAsync(userId);
        var batch = Database.CreateBatch();
        var profileRead = batch.HashGetAllAsync(RedisKeys.Profile(userId));
        var listRead = batch.StringGetAsync(RedisKeys.Recommendations(userId));
        var appliedRead = batch.SortedSetRangeByRankWithScoresAsync(RedisKeys.AppliedEvents(userId));
        var publishedRead = eventKeys.Length == 0 ? Task.FromResult(Array.Empty<RedisValue>()) : batch.StringGetAsync(eventKeys);
        batch.Execute();
        await Task.WhenAll(profileRead, listRead, appliedRead, publishedRead);

        var profile = TasteProfileCodec.Decode((await profileRead).ToDictionary(e => e.Name.ToString(), e => (byte[])e.Value!, StringComparer.Ordinal));
        var list = (await listRead) is { HasValue: true } json ? RecommendationList.FromJson(json.ToString()) : null;
        var applied = (await appliedRead)
            .Select(e => new ExportedEvent(Guid.Parse(e.Element.ToString()), DateTimeOffset.FromUnixTimeMilliseconds((long)e.Score)))
            .ToList();
        var publishedValues = await publishedRead;
        var published = eventKeys
            .Select((key, i) => (Id: EventIdOf(key), Value: publishedValues[i]))
            .Where(p => p.Value.HasValue)
            .Select(p => new ExportedEvent(p.Id,
                DateTimeOffset.TryParse(p.Value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null))
            .OrderBy(e => e.EventId)
            .ToList();

        if (profile is null && list is null && applied.Count == 0 && published.Count == 0)
        {
            return null;
        }

        return new UserDataExport(
            userId,
            profile is null ? null : new ExportedProfile(profile.EventCount, profile.UpdatedAt, profile.Weight, profile.Vector, profile.RecentItems, profile.RepeatableItems),
            list is null ? null : new ExportedRecommendations([.. list.Items.Select(i => new ExportedScore(i.ItemId, i.Score, i.Reasons))], list.UpdatedAt, list.EventId),
            applied,
            published);
    }

    // The last segment of an idempotency record's key (RedisKeys.PublishedEvent).
    private static Guid EventIdOf(RedisKey key)
    {
        var text = key.ToString();
        return Guid.Parse(text.AsSpan(text.LastIndexOf(':') + 1));
    }

    // The idempotency records: one key per event id, found by pattern (SCAN) on each primary the connection knows.
    private async Task<RedisKey[]> PublishedEventKeysAsync(string userId)
    {
        var keys = new List<RedisKey>();
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: RedisKeys.PublishedEventPattern(userId), pageSize: 1000))
            {
                keys.Add(key);
            }
        }

        return [.. keys];
    }
}
