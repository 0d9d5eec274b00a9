using Microsoft.Playwright;

namespace Nebula.IntegrationTests.Ui;

/// <summary>The shopping page as a person finds things on it: by label, role and text.</summary>
internal sealed class ShopPage(IPage page)
{
    /// <summary>
    /// How long a wait for the page to be ready or for results may take. Generous, because these are not timing
    /// goals: the first search after the Api (re)starts loads the embedding model, seconds on a busy 2-core machine.
    /// </summary>
    private const float Patience = 30_000;

    public IPage Page => page;

    public ILocator ForYou => page.Locator("section.for-you");

    public ILocator ForYouItems => ForYou.Locator("li.for-you-item");

    public ILocator SearchBox => page.GetByLabel("Search the catalogue");

    public ILocator ShopperId => page.GetByRole(AriaRole.Textbox, new() { Name = "Shopper", Exact = true });

    public ILocator ResultCards => page.Locator(".results article.product-card");

    /// <summary>The category chips of a filter bar: "catalog" (over the results) or "for-you".</summary>
    public ILocator CategoryChips(string bar) => page.Locator($"[data-filter-for={bar}] button.category-chip");

    public ILocator UnreachableBanner => page.Locator("[data-api=unreachable]");

    public static async Task<ShopPage> OpenAsync(IPage page, Uri address)
    {
        await page.GotoAsync(address.ToString());
        var shop = new ShopPage(page);
        // Live: the circuit is up, a shopper is chosen and the Api's stream has delivered its first list.
        await Assertions.Expect(shop.ForYou).ToHaveAttributeAsync("data-status", "live", new() { Timeout = Patience });
        return shop;
    }

    public async Task SearchAsync(string query)
    {
        await SearchBox.FillAsync(query);
        await SearchBox.PressAsync("Enter");
        await WaitForResultsAsync(query);
    }

    /// <summary>Waits until the grid shows this query's results (not the previous ones).</summary>
    public async Task WaitForResultsAsync(string query)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Results for “{query}”" })).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("section.results")).ToHaveAttributeAsync("data-query", query, new() { Timeout = Patience });
        await Assertions.Expect(ResultCards.First).ToBeVisibleAsync(new() { Timeout = Patience });
    }

    public async Task<string[]> ForYouItemIdsAsync() =>
        [.. (await ForYouItems.EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.itemId)"))];
}
