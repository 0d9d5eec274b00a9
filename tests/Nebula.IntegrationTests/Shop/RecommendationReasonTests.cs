using System.Text.Json;
using System.Net.Http.Json;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using StackExchange.Redis;

namespace Nebula.IntegrationTests.Shop;

/// <summary>
/// Why each recommended item is there, checked against the state the blend ranked from: the profile and item vectors
/// (the content term), the transitions and popularity in Redis, and the item's own score (the terms add up to it).
/// </summary>
[Collection(ShopCatalogGroup.Name)]
public sealed class RecommendationReasonTests(ShopCatalog catalog)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly BlendOptions Blend = new();

    [Fact]
    public async Task Every_reason_is_a_term_of_the_item_s_blended_score_and_names_an_item_the_shopper_touched()
    {
        // A leader goes x, y, z; a follower then views x: y and z come to the follower because shoppers went on to them from x.
        var unseen = catalog.Items.Keys.Where(id => !catalog.Seen.Contains(id)).OrderDescending(StringComparer.Ordinal).Take(3).ToArray();
        var (x, y, z) = (unseen[0], unseen[1], unseen[2]);
        var leader = PipelineDriver.NewUser("reason-leader");
        foreach (var item in unseen)
        {
            (await catalog.Driver.PostInteractionAsync(leader, item, "view")).EnsureSuccessStatusCode();
        }

        await catalog.Driver.WaitForProfileAsync(leader, 3, Patience);
        var follower = PipelineDriver.NewUser("reason-follower");
        (await catalog.Driver.PostInteractionAsync(follower, x, "view")).EnsureSuccessStatusCode();
        var profile = await catalog.Driver.WaitForProfileAsync(follower, 1, Patience);
        await catalog.Driver.WaitForRecommendationsAsync(follower, r => PipelineDriver.Source(r) == "personalized", Patience);

        var items = (await catalog.Driver.RecommendationsAsync(follower, 50)).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(50, items.Count);
        await AssertReasonsAreTheBlendTermsAsync(items, profile);
        foreach (var next in new[] { y, z })
        {
            var reason = Reasons(items.Single(item => item.GetProperty("itemId").GetString() == next)).Single(r => r.Reason == RecommendationReason.Next);
            Assert.Equal(x, reason.Because);
            Assert.Equal(catalog.Items[x].Title, reason.BecauseTitle);
        }
    }

    [Fact]
    public async Task A_filtered_list_filled_by_the_search_says_why_each_item_is_there()
    {
        // 12 Hallmark cards: more than the Amazon shopper's stored list holds, so the filtered search adds the rest.
        using var response = await catalog.Driver.Api.GetAsync($"/users/{catalog.Shopper}/recommendations?k=20&brand=Hallmark", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("items").EnumerateArray().ToList();
        var profile = await catalog.Driver.ProfileAsync(catalog.Shopper);

        Assert.Equal(12, items.Count);
        await AssertReasonsAreTheBlendTermsAsync(items, profile!);
    }

    [Fact]
    public async Task A_newcomer_s_items_are_there_because_they_are_popular()
    {
        var items = (await catalog.Driver.RecommendationsAsync(PipelineDriver.NewUser("reason-newcomer"), 10)).GetProperty("items").EnumerateArray().ToList();

        Assert.NotEmpty(items);
        Assert.All(items, item =>
        {
            var reason = Assert.Single(Reasons(item));
            Assert.Equal(RecommendationReason.Popular, reason.Reason);
            Assert.Null(reason.Because);
            Assert.Equal(item.GetProperty("score").GetDouble(), reason.Score);
        });
    }

    [Fact]
    public async Task A_newcomer_s_filtered_list_past_the_popular_items_says_the_items_match()
    {
        using var response = await catalog.Driver.Api.GetAsync(
            $"/users/{PipelineDriver.NewUser("reason-newcomer")}/recommendations?k=15&category={Uri.EscapeDataString("Gift Card Accessories")}", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("items").EnumerateArray().ToList();
        var reasons = items.Select(item => Assert.Single(Reasons(item)).Reason).ToList();

        Assert.Equal(15, items.Count);
        Assert.Contains("match", reasons);
        Assert.All(reasons, reason => Assert.Contains(reason, new[] { RecommendationReason.Popular, "match" }));
    }

    /// <summary>
    /// Each item's reasons, strongest first, are the blend's positive terms: "similar" is ContentWeight·cos(profile,
    /// item) and is there exactly when that is positive; "next" names a recent item that links to it; "popular" an item
    /// in the popularity set; the terms (content taken even when negative) add up to the item's score.
    /// </summary>
    private async Task AssertReasonsAreTheBlendTermsAsync(List<JsonElement> items, TasteProfile profile)
    {
        var ids = items.Select(item => item.GetProperty("itemId").GetString()!).ToList();
        var vectors = await catalog.Driver.VectorsAsync(ids);
        var redis = catalog.Driver.Redis.GetDatabase();
        foreach (var item in items)
        {
            var id = item.GetProperty("itemId").GetString()!;
            var reasons = Reasons(item);
            var content = Blend.ContentWeight * profile.Vector!.Zip(vectors[id], (a, b) => (double)a * b).Sum();

            Assert.NotEmpty(reasons);
            Assert.Equal(reasons.OrderByDescending(r => r.Score).Select(r => r.Score), reasons.Select(r => r.Score));
            Assert.Equal(item.GetProperty("score").GetDouble(), content + reasons.Where(r => r.Reason != RecommendationReason.Similar).Sum(r => r.Score), 1e-4);
            Assert.Equal(content > 0, reasons.Any(r => r.Reason == RecommendationReason.Similar));
            foreach (var reason in reasons)
            {
                switch (reason.Reason)
                {
                    case RecommendationReason.Similar:
                        Assert.Equal(content, reason.Score, 1e-4);
                        Assert.Contains(reason.Because, profile.RecentItems);
                        break;
                    case RecommendationReason.Next:
                        Assert.Contains(reason.Because, profile.RecentItems);
                        Assert.NotNull(await redis.SortedSetScoreAsync(RedisKeys.Transitions(reason.Because!), id));
                        break;
                    case RecommendationReason.Popular:
                        Assert.Null(reason.Because);
                        Assert.NotNull(await redis.SortedSetScoreAsync(RedisKeys.Popularity, id));
                        break;
                    default:
                        Assert.Fail($"{id} has the reason {reason.Reason}, which no blend term gives.");
                        break;
                }
            }
        }
    }

    private static List<ServedReason> Reasons(JsonElement item) =>
        item.GetProperty("reasons").ValueKind == JsonValueKind.Array
            ? [.. item.GetProperty("reasons").EnumerateArray().Select(r => new ServedReason(
                r.GetProperty("reason").GetString()!,
                r.GetProperty("because").GetString(),
                r.GetProperty("becauseTitle").GetString(),
                r.GetProperty("score").GetDouble()))]
            : [];

    private sealed record ServedReason(string Reason, string? Because, string? BecauseTitle, double Score);
}
