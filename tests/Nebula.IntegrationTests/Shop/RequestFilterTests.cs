using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nebula.IntegrationTests.Shop;

/// <summary>
/// Request-time filters on the four list routes, checked against the catalogue itself: every returned item matches,
/// and the list has k items whenever the catalogue has that many that match (less what the route leaves out).
/// </summary>
[Collection(ShopCatalogGroup.Name)]
public sealed class RequestFilterTests(ShopCatalog catalog)
{
    private const string Accessories = "Gift Card Accessories";

    public static TheoryData<string, string> RoutesAndFilters()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes)
        {
            foreach (var filter in new[] { "category", "brand", "price", "exclude", "combined" })
            {
                data.Add(route, filter);
            }
        }

        return data;
    }

    public static TheoryData<string> AllRoutes() => [.. Routes];

    private static readonly string[] Routes = ["recommendations", "stream", "similar", "search"];

    [Theory]
    [MemberData(nameof(RoutesAndFilters))]
    public async Task Every_item_matches_the_filter_and_the_list_is_as_long_as_the_catalogue_allows(string route, string filterName)
    {
        const int k = 20;
        var (query, matches) = await FilterAsync(route, filterName);

        var items = ItemIds(await ListAsync(route, query, k));

        Assert.All(items, id => Assert.True(matches(catalog.Items[id]), $"{id} does not match {query}"));
        Assert.Equal(items.Length, items.Distinct().Count());
        Assert.Equal(Math.Min(k, Available(route, matches)), items.Length);
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task An_unknown_category_gives_an_empty_list_not_an_error(string route)
    {
        var items = ItemIds(await ListAsync(route, "category=No+such+category", 10));

        Assert.Empty(items);
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task A_minimum_price_above_the_maximum_is_refused_with_400_naming_maxPrice(string route)
    {
        using var response = await catalog.Driver.Api.GetAsync(Path(route, "minPrice=50&maxPrice=10", 10), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("maxPrice", out _), problem.ToString());
    }

    [Fact]
    public async Task A_price_that_is_not_a_number_is_refused_with_400()
    {
        using var response = await catalog.Driver.Api.GetAsync(Path("recommendations", "minPrice=cheap", 10), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("minPrice", problem, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("cheap", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shopper_without_a_profile_gets_k_matching_items_beyond_the_popular_ones()
    {
        var newcomer = PipelineDriver.NewUser("filter-newcomer");
        using var response = await catalog.Driver.Api.GetAsync($"/users/{newcomer}/recommendations?k=15&category={Uri.EscapeDataString(Accessories)}", TestContext.Current.CancellationToken);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal("popular", PipelineDriver.Source(list));
        var items = ItemIds(list);
        Assert.Equal(15, items.Length);
        Assert.All(items, id => Assert.Contains(Accessories, catalog.Items[id].Categories));
    }

    [Fact]
    public async Task An_unfiltered_list_longer_than_the_stored_one_is_filled_from_the_profiles_nearest_items()
    {
        var items = ItemIds(await ListAsync("recommendations", "", 80));

        Assert.Equal(80, items.Length);
        Assert.Equal(80, items.Distinct().Count());
        Assert.DoesNotContain(items, catalog.Seen.Contains);
    }

    /// <summary>The query string for a named filter and the same filter as a test of a catalogue row.</summary>
    private async Task<(string Query, Func<CatalogRow, bool> Matches)> FilterAsync(string route, string name)
    {
        switch (name)
        {
            case "category":
                return ($"category={Uri.EscapeDataString(Accessories)}", row => row.Categories.Contains(Accessories));
            case "brand":
                // Fewer Hallmark cards than k: the list must hold all of them, no more.
                return ("brand=Hallmark", row => row.Brand == "Hallmark");
            case "price":
                return ("minPrice=10&maxPrice=30", row => row.Price is >= 10 and <= 30);
            case "exclude":
            {
                var first = ItemIds(await ListAsync(route, "", 3));
                Assert.Equal(3, first.Length);
                return (string.Join('&', first.Select(id => $"exclude={Uri.EscapeDataString(id)}")), row => !first.Contains(row.ItemId));
            }

            default:
            {
                var first = ItemIds(await ListAsync(route, "brand=Amazon", 1));
                return ($"category=Gift+Cards&brand=Amazon&minPrice=20&maxPrice=100&exclude={Uri.EscapeDataString(first.Single())}",
                    row => row.Categories.Contains("Gift Cards") && row.Brand == "Amazon" && row.Price is >= 20 and <= 100 && row.ItemId != first[0]);
            }
        }
    }

    /// <summary>How many catalogue items a route could return for the filter: a shopper's seen items and the similar route's own item are left out.</summary>
    private int Available(string route, Func<CatalogRow, bool> matches) => catalog.Items.Values.Count(row =>
        matches(row)
        && !(route is "recommendations" or "stream" && catalog.Seen.Contains(row.ItemId))
        && !(route == "similar" && row.ItemId == catalog.Seen[0]));

    private string Path(string route, string query, int k)
    {
        var path = route switch
        {
            "recommendations" => $"/users/{catalog.Shopper}/recommendations",
            "stream" => $"/users/{catalog.Shopper}/recommendations/stream",
            "similar" => $"/items/{Uri.EscapeDataString(catalog.Seen[0])}/similar",
            _ => "/items/search",
        };
        var parameters = new[] { route == "search" ? "q=gift+card+for+a+coffee+shop" : null, $"k={k}", query.Length > 0 ? query : null };
        return $"{path}?{string.Join('&', parameters.Where(p => p is not null))}";
    }

    private async Task<JsonElement> ListAsync(string route, string query, int k)
    {
        if (route != "stream")
        {
            using var response = await catalog.Driver.Api.GetAsync(Path(route, query, k), TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var stream = await catalog.Driver.Api.GetAsync(Path(route, query, k), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!stream.IsSuccessStatusCode)
        {
            Assert.Fail($"{stream.StatusCode}: {await stream.Content.ReadAsStringAsync(timeout.Token)}");
        }

        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        return await ServerSentEvents.NextAsync(reader, timeout.Token) ?? throw new InvalidOperationException("The stream ended before its first list.");
    }

    private static string[] ItemIds(JsonElement list) => PipelineDriver.ItemIds(list);
}
