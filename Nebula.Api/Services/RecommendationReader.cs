using Microsoft.Extensions.Options;
using Nebula.Milvus;
using Nebula.Api.Models;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>Reads a user's list (written by the worker) or, without one, the most popular items; enriches both from the catalogue.</summary>
public sealed partial class RecommendationReader(
    IConnectionMultiplexer redis, ItemCatalog catalog, IOptions<RecommendationOptions> options, TimeProvider time, ILogger<RecommendationReader> logger)
{
    /// <summary>The user's stored list, or null when they have no profile yet.</summary>
    public async Task<RecommendationList?> ReadListAsync(string userId)
    {
        var stored = await redis.GetDatabase().StringGetAsync(RedisKeys.Recommendations(userId));
        return stored.HasValue ? RecommendationList.FromJson(stored.ToString()) : null;
    }

    public async Task<RecommendationsResponse> GetAsync(string userId, int count, CancellationToken cancellationToken)
    {
        if (await ReadListAsync(userId) is { } list)
        {
            var (items, partial) = await TryEnrichAsync(list.Items.Take(count).ToList(), cancellationToken);
            return new RecommendationsResponse(userId, RecommendationSources.Personalized, items, list.UpdatedAt, list.EventId, partial);
        }

        var popular = await redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(RedisKeys.Popularity, 0, count - 1, Order.Descending);
        var now = time.GetUtcNow();
        var scored = popular.Select(entry => new ScoredItem(entry.Element.ToString(), PopularityScore.DecayedCount(entry.Score, now, options.Value))).ToList();
        var (popularItems, popularPartial) = await TryEnrichAsync(scored, cancellationToken);
        return new RecommendationsResponse(userId, RecommendationSources.Popular, popularItems, null, null, popularPartial);
    }

    /// <summary>The items with their catalogue fields; when Milvus does not answer in time, with their ids and scores only (partial).</summary>
    private async Task<(IReadOnlyList<RecommendedItem> Items, bool Partial)> TryEnrichAsync(List<ScoredItem> items, CancellationToken cancellationToken)
    {
        try
        {
            return (await EnrichAsync(items, cancellationToken), false);
        }
        catch (Exception error) when (error is MilvusException { IsTransient: true } or HttpRequestException or TimeoutException)
        {
            LogPartial(logger, items.Count, error);
            return ([.. items.Select(item => new RecommendedItem(item.ItemId, item.Score, null, null, null, null))], true);
        }
    }

    /// <summary>The user's profile summary; a user without one has no events and no recent items.</summary>
    public async Task<ProfileResponse> GetProfileAsync(string userId, int count, CancellationToken cancellationToken)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(RedisKeys.Profile(userId));
        var profile = TasteProfileCodec.Decode(entries.ToDictionary(e => e.Name.ToString(), e => (byte[])e.Value!, StringComparer.Ordinal));
        if (profile is null)
        {
            return new ProfileResponse(userId, 0, null, []);
        }

        var recent = profile.RecentItems.Take(count).ToList();
        var details = await catalog.FindManyAsync(recent, cancellationToken);
        return new ProfileResponse(userId, profile.EventCount, profile.UpdatedAt, [.. recent.Where(details.ContainsKey).Select(id => details[id])]);
    }

    /// <summary>Adds title, brand, price and image; an item no longer in the catalogue is dropped.</summary>
    public async Task<IReadOnlyList<RecommendedItem>> EnrichAsync(IReadOnlyList<ScoredItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var details = await catalog.FindManyAsync([.. items.Select(i => i.ItemId)], cancellationToken);
        return [.. items
            .Where(item => details.ContainsKey(item.ItemId))
            .Select(item => (Item: item, Details: details[item.ItemId]))
            .Select(x => new RecommendedItem(x.Item.ItemId, x.Item.Score, x.Details.Title, x.Details.Brand, x.Details.Price, x.Details.ImageUrl))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalogue fields unavailable; serving {Count} items by id and score only (partial)")]
    private static partial void LogPartial(ILogger logger, int count, Exception error);
}
