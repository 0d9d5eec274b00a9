using Microsoft.Extensions.Options;
using Nebula.Milvus;
using Nebula.Api.Models;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>
/// Reads a user's list (written by the worker) or, without one, the most popular items; enriches both from the
/// catalogue. A filtered list is drawn from the deeper stored list (<see cref="RecommendationOptions.StoredListLength"/>)
/// and, when that holds fewer than asked, filled by a filtered search nearest the user's profile, so a filter never
/// shortens a list the catalogue could fill.
/// </summary>
public sealed partial class RecommendationReader(
    IConnectionMultiplexer redis,
    ItemCatalog catalog,
    ItemSearch search,
    HiddenItems hiddenItems,
    IOptions<RecommendationOptions> options,
    TimeProvider time,
    ILogger<RecommendationReader> logger)
{
    private static readonly Dictionary<string, double> NoScores = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, ItemDetails> NoDetails = new(StringComparer.Ordinal);

    /// <summary>
    /// The user's stored list without the hidden items (null when they have no profile yet), and the hidden items. With
    /// <paramref name="count"/>, only as deep as that many items: most requests need ten of the fifty stored.
    /// </summary>
    public async Task<(RecommendationList? List, IReadOnlySet<string> Hidden)> ReadVisibleListAsync(string userId, int? count)
    {
        // Both reads go out together: the hidden items cost no round trip of their own.
        // Leased: the value (about 11 KB for fifty items with reasons) is read into pooled memory, not a new array per request.
        var reading = redis.GetDatabase().StringGetLeaseAsync(RedisKeys.Recommendations(userId));
        var hidden = await hiddenItems.ReadAsync();
        using var stored = await reading;
        if (stored is null)
        {
            return (null, hidden);
        }

        var json = stored.Span;
        if (count is { } top)
        {
            return (RecommendationList.ReadTop(json, top, item => !hidden.Contains(item)), hidden);
        }

        // Not ReadTop with no bound: item by item, the whole list took 146 µs against the deserializer's 108 µs.
        var list = RecommendationList.FromJson(json)!;
        return (hidden.Count == 0 ? list : list with { Items = [.. list.Items.Where(item => !hidden.Contains(item.ItemId))] }, hidden);
    }

    public Task<RecommendationsResponse> GetAsync(string userId, int count, CancellationToken cancellationToken) =>
        GetAsync(userId, count, ItemFilter.None, cancellationToken);

    public async Task<RecommendationsResponse> GetAsync(string userId, int count, ItemFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // Unfiltered, the first visible items are the answer; a filter may need any of the stored ones.
        var (list, hidden) = await ReadVisibleListAsync(userId, filter.IsEmpty ? count : null);
        if (list is not null)
        {
            var visible = list.Items;
            if (filter.IsEmpty && visible.Count >= count)
            {
                var (items, partial) = await TryEnrichAsync([.. visible], cancellationToken);
                return new RecommendationsResponse(userId, RecommendationSources.Personalized, items, list.UpdatedAt, list.EventId, partial);
            }

            var filtered = await FilterAndFillAsync(userId, visible, count, filter, hidden, cancellationToken);
            return new RecommendationsResponse(userId, RecommendationSources.Personalized, filtered, list.UpdatedAt, list.EventId);
        }

        var depth = (filter.IsEmpty ? count : Math.Max(count, options.Value.StoredListLength)) + hidden.Count;
        var popular = await redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(RedisKeys.Popularity, 0, depth - 1, Order.Descending);
        var now = time.GetUtcNow();
        var scored = popular
            .Where(entry => !hidden.Contains(entry.Element.ToString()))
            .Select(entry => PopularItem(entry.Element.ToString(), PopularityScore.DecayedCount(entry.Score, now, options.Value)))
            .ToList();
        if (!filter.IsEmpty)
        {
            return new RecommendationsResponse(userId, RecommendationSources.Popular, await FilterAndFillAsync(null, scored, count, filter, hidden, cancellationToken), null, null);
        }

        var (popularItems, popularPartial) = await TryEnrichAsync([.. scored.Take(count)], cancellationToken);
        return new RecommendationsResponse(userId, RecommendationSources.Popular, popularItems, null, null, popularPartial);
    }

    /// <summary>
    /// The ranked items that match, in their order; then, while fewer than <paramref name="count"/>, the filtered
    /// search's nearest items to the user's profile (scored as the blend scores content alone), leaving out what the
    /// user has seen; without a profile, any matching items. The catalogue is needed to filter, so nothing is partial:
    /// an unavailable Milvus is a 503.
    /// </summary>
    private async Task<IReadOnlyList<RecommendedItem>> FilterAndFillAsync(
        string? userId, IReadOnlyList<ScoredItem> ranked, int count, ItemFilter filter, IReadOnlySet<string> hidden, CancellationToken cancellationToken)
    {
        var details = await catalog.FindManyAsync([.. ranked.SelectMany(ItemAndBecauseIds)], cancellationToken);
        var chosen = new List<RecommendedItem>(count);
        foreach (var item in ranked)
        {
            if (chosen.Count == count)
            {
                return chosen;
            }

            if (details.TryGetValue(item.ItemId, out var found) && filter.Matches(found))
            {
                chosen.Add(RecommendedItem.From(found, item.Score, ReasonsOf(item, details)));
            }
        }

        if (chosen.Count == count)
        {
            return chosen;
        }

        var profile = userId is null ? null : await ReadProfileAsync(userId);
        var leftOut = chosen.Select(item => item.ItemId).Concat(profile?.ExcludedItems ?? []).Concat(hidden);
        var expression = filter.ToExpression(leftOut);
        if (profile?.Vector is not { } vector)
        {
            var matching = await search.MatchingAsync(expression ?? MilvusFilter.NotEqual(ItemFields.ItemId, ""), count - chosen.Count, cancellationToken);
            chosen.AddRange(matching.Select(item => item with { Reasons = [new ItemReason(ItemReason.Match, null, null, 0)] }));
            return chosen;
        }

        var nearest = (await search.NearestAsync(vector, count - chosen.Count, expression, cancellationToken))
            .Select(item => item with { Score = options.Value.Blend.ContentWeight * item.Score })
            .ToList();
        chosen.AddRange(await ExplainNearestAsync(nearest, profile, cancellationToken));
        return chosen;
    }

    /// <summary>
    /// The filtered search's items with their reason, as the worker gives it (<see cref="RecommendationExplainer"/>): only
    /// content ranked them, so <c>similar</c>, because of the touched item nearest to each.
    /// </summary>
    private async Task<IEnumerable<RecommendedItem>> ExplainNearestAsync(List<RecommendedItem> nearest, TasteProfile profile, CancellationToken cancellationToken)
    {
        if (nearest.Count == 0)
        {
            return nearest;
        }

        var touched = profile.RecentItems.Take(options.Value.Blend.ReasonWindow);
        var vectors = await catalog.FindVectorsAsync([.. nearest.Select(item => item.ItemId).Concat(touched).Distinct(StringComparer.Ordinal)], cancellationToken);
        var explained = RecommendationExplainer.Explain(
            [.. nearest.Select(item => new ScoredItem(item.ItemId, item.Score))], profile, NoScores, _ => null, NoScores, vectors.GetValueOrDefault, options.Value);
        var becauseDetails = await catalog.FindManyAsync([.. explained.SelectMany(item => item.Reasons ?? []).Select(r => r.Because).OfType<string>()], cancellationToken);
        return nearest.Select((item, i) => item with { Reasons = ReasonsOf(explained[i], becauseDetails) });
    }

    private static ScoredItem PopularItem(string itemId, double score) =>
        new(itemId, score) { Reasons = [new RecommendationReason(RecommendationReason.Popular, null, score)] };

    private static IEnumerable<string> ItemAndBecauseIds(ScoredItem item) =>
        (item.Reasons ?? []).Select(reason => reason.Because).OfType<string>().Prepend(item.ItemId);

    /// <summary>The stored reasons, with the titles of the items they name (null for one that left the catalogue).</summary>
    private static List<ItemReason>? ReasonsOf(ScoredItem item, IReadOnlyDictionary<string, ItemDetails> details) =>
        item.Reasons?.Select(reason => new ItemReason(
            reason.Reason, reason.Because, reason.Because is { } id && details.TryGetValue(id, out var named) ? named.Title : null, reason.Score)).ToList();

    private async Task<TasteProfile?> ReadProfileAsync(string userId)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(RedisKeys.Profile(userId));
        return TasteProfileCodec.Decode(entries.ToDictionary(e => e.Name.ToString(), e => (byte[])e.Value!, StringComparer.Ordinal));
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
            return ([.. items.Select(item => new RecommendedItem(item.ItemId, item.Score, null, null, null, null, null, ReasonsOf(item, NoDetails)))], true);
        }
    }

    /// <summary>The user's profile summary; a user without one has no events and no recent items.</summary>
    public async Task<ProfileResponse> GetProfileAsync(string userId, int count, CancellationToken cancellationToken)
    {
        var profile = await ReadProfileAsync(userId);
        if (profile is null)
        {
            return new ProfileResponse(userId, 0, null, []);
        }

        var hidden = await hiddenItems.ReadAsync();
        var recent = profile.RecentItems.Where(id => !hidden.Contains(id)).Take(count).ToList();
        var details = await catalog.FindManyAsync(recent, cancellationToken);
        return new ProfileResponse(userId, profile.EventCount, profile.UpdatedAt, [.. recent.Where(details.ContainsKey).Select(id => details[id])]);
    }

    /// <summary>Adds title, brand, price, image and the titles its reasons name; an item no longer in the catalogue is dropped.</summary>
    public async Task<IReadOnlyList<RecommendedItem>> EnrichAsync(IReadOnlyList<ScoredItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var details = await catalog.FindManyAsync([.. items.SelectMany(ItemAndBecauseIds)], cancellationToken);
        return [.. items
            .Where(item => details.ContainsKey(item.ItemId))
            .Select(item => RecommendedItem.From(details[item.ItemId], item.Score, ReasonsOf(item, details)))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalogue fields unavailable; serving {Count} items by id and score only (partial)")]
    private static partial void LogPartial(ILogger logger, int count, Exception error);
}
