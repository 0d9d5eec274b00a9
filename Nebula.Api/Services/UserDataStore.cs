using System.Globalization;
using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Core.Contracts;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>
/// Everything Nebula keeps about one user (keys in <see cref="RedisKeys"/>): exported as it is, or forgotten at once.
/// Forgetting deletes the profile, the list, the applied event ids and the idempotency records in one transaction with
/// a tombstone (<see cref="RedisKeys.Forgotten"/>) that makes the worker drop the user's events already in the topic,
/// then ends the user's streams on every Api instance. The transitions and popularity their events added stay: they
/// are sums over everyone, with no user in them.
/// </summary>
public sealed class UserDataStore(IConnectionMultiplexer redis, IOptions<ApiOptions> options, TimeProvider time)
{
    private IDatabase Database => redis.GetDatabase();

    /// <summary>Forgets <paramref name="userId"/>, whether or not anything was held about them.</summary>
    public async Task ForgetAsync(string userId)
    {
        var eventKeys = await PublishedEventKeysAsync(userId);
        var transaction = Database.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(
            [RedisKeys.Profile(userId), RedisKeys.Recommendations(userId), RedisKeys.AppliedEvents(userId), .. eventKeys]);
        // The worker reads the tombstone with the user's profile.
        var tombstone = transaction.StringSetAsync(
            RedisKeys.Forgotten(userId), time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), options.Value.ForgottenUserLifetime);
        // A worker batch that read before this fails its write and reads again (it then sees the tombstone).
        var generation = transaction.StringIncrementAsync(RedisKeys.ForgetGeneration);
        await transaction.ExecuteAsync();
        await Task.WhenAll(deleted, tombstone, generation);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.UserForgottenChannel), userId);
    }

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
