using System.Net.Http.Json;
using System.Text.Json;

namespace Nebula.IntegrationTests.Shop;

/// <summary>A worker whose purchases are repeatable (<c>RepeatableEventTypes</c>): a bought item may come back, a viewed one may not.</summary>
[Collection(ShopCatalogGroup.Name)]
public sealed class RepeatPurchaseTests(ShopCatalog catalog)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_bought_item_is_recommended_again_and_a_viewed_one_is_not()
    {
        var shopper = PipelineDriver.NewUser("repeat-shopper");
        var picked = catalog.Items.Keys.Where(id => !catalog.Seen.Contains(id)).Order(StringComparer.Ordinal).Take(2).ToArray();
        var (viewed, bought) = (picked[0], picked[1]);
        (await catalog.Driver.PostInteractionAsync(shopper, viewed, "view")).EnsureSuccessStatusCode();
        using var purchase = await catalog.Driver.PostInteractionAsync(shopper, bought, "purchase");
        purchase.EnsureSuccessStatusCode();
        var purchaseId = (await purchase.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("eventId").GetGuid();

        var profile = await catalog.Driver.WaitForProfileAsync(shopper, 2, Patience);
        var list = await catalog.Driver.WaitForRecommendationsAsync(
            shopper, r => r.GetProperty("eventId").ValueKind == JsonValueKind.String && r.GetProperty("eventId").GetGuid() == purchaseId, Patience);
        var longer = PipelineDriver.ItemIds(await catalog.Driver.RecommendationsAsync(shopper, 80));

        Assert.Equal([bought], profile.RepeatableItems);
        Assert.Contains(bought, PipelineDriver.ItemIds(list));
        Assert.DoesNotContain(viewed, PipelineDriver.ItemIds(list));
        Assert.Contains(bought, longer);
        Assert.DoesNotContain(viewed, longer);
    }
}
