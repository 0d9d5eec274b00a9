using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nebula.Core.Contracts;

namespace Nebula.IntegrationTests.Shop;

/// <summary>
/// Hiding an item (<c>PUT /items/{id}/hidden</c>) that is first in 50 shoppers' stored lists: no route serves it from the
/// moment the call returns, although the stored lists still hold it; the next list the worker writes leaves it out;
/// showing it again brings it back. Each test shows the item again when it ends, for the other tests of the collection.
/// </summary>
[Collection(ShopCatalogGroup.Name)]
public sealed class HiddenItemTests(ShopCatalog catalog) : IAsyncLifetime
{
    private const int Shoppers = 50;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<string> _shoppers = [];
    private string _viewed = null!;
    private string _hidden = null!;

    private HttpClient Api => catalog.Driver.Api;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>50 shoppers view the same item, so their lists are alike; the item to hide is first in every one.</summary>
    public async ValueTask InitializeAsync()
    {
        var ids = catalog.Items.Keys.Where(id => !catalog.Seen.Contains(id)).Order(StringComparer.Ordinal).ToList();
        _viewed = ids[ids.Count / 2];
        var batch = Enumerable.Range(0, Shoppers).Select(_ => PipelineDriver.NewUser("hide-shopper")).ToList();
        _shoppers.AddRange(batch);
        using var posted = await Api.PostAsJsonAsync("/interactions/batch", new { events = batch.Select(userId => new { userId, itemId = _viewed, type = "view" }) }, Cancellation);
        posted.EnsureSuccessStatusCode();
        foreach (var shopper in _shoppers)
        {
            await catalog.Driver.WaitForProfileAsync(shopper, 1, Patience);
        }

        _hidden = (await catalog.Driver.StoredListAsync(_shoppers[0]))[0];
    }

    public async ValueTask DisposeAsync()
    {
        using var shown = await Api.DeleteAsync($"/items/{_hidden}/hidden", CancellationToken.None);
    }

    [Fact]
    public async Task A_hidden_item_is_served_by_no_route_although_the_stored_lists_still_hold_it()
    {
        foreach (var shopper in _shoppers)
        {
            Assert.Equal(_hidden, (await catalog.Driver.StoredListAsync(shopper))[0]);
        }

        await HideAsync();

        foreach (var shopper in _shoppers)
        {
            var list = await catalog.Driver.ItemIdsAsync($"/users/{shopper}/recommendations?k=10");
            Assert.Equal(10, list.Length);
            Assert.DoesNotContain(_hidden, list);
            Assert.DoesNotContain(_hidden, await catalog.Driver.ItemIdsAsync($"/recommendations/{shopper}", "recommendations"));
        }

        Assert.Equal(_hidden, (await catalog.Driver.StoredListAsync(_shoppers[0]))[0]);
        Assert.DoesNotContain(_hidden, await catalog.Driver.ItemIdsAsync($"/users/{_shoppers[0]}/recommendations?k=50&category={Uri.EscapeDataString(catalog.Items[_hidden].Categories[^1])}"));
        Assert.DoesNotContain(_hidden, PipelineDriver.ItemIds((await FirstStreamListAsync(_shoppers[0]))!.Value));
        Assert.DoesNotContain(_hidden, await catalog.Driver.ItemIdsAsync($"/items/{_viewed}/similar?k=50"));
        Assert.DoesNotContain(_hidden, await catalog.Driver.ItemIdsAsync($"/similar_items/{_viewed}", "recommendations"));
        Assert.DoesNotContain(_hidden, await catalog.Driver.ItemIdsAsync($"/items/search?k=50&q={Uri.EscapeDataString(catalog.Items[_hidden].Title!)}"));
        Assert.DoesNotContain(_hidden, await catalog.Driver.ItemIdsAsync($"/users/{PipelineDriver.NewUser("hide-newcomer")}/recommendations?k=100"));
        using var item = await Api.GetAsync($"/items/{_hidden}", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, item.StatusCode);
    }

    [Fact]
    public async Task The_next_list_the_worker_writes_leaves_a_hidden_item_out()
    {
        await HideAsync();
        var shopper = _shoppers[1];
        using var again = await catalog.Driver.PostInteractionAsync(shopper, _viewed, "click");
        again.EnsureSuccessStatusCode();
        var eventId = (await again.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("eventId").GetGuid();

        await catalog.Driver.WaitForRecommendationsAsync(shopper, r => r.GetProperty("eventId").ValueKind == JsonValueKind.String && r.GetProperty("eventId").GetGuid() == eventId, Patience);

        // The ranking's candidates (the list's nearest items, the transitions, the popular items) fill it as deep as they go.
        var stored = await catalog.Driver.StoredListAsync(shopper);
        Assert.True(stored.Count >= 10, $"{stored.Count} items stored");
        Assert.DoesNotContain(_hidden, stored);
    }

    [Fact]
    public async Task Showing_a_hidden_item_again_serves_it_again()
    {
        // The first item of the lists is first by the whole blend, not necessarily among the 50 most like the viewed one.
        var similarBefore = await catalog.Driver.ItemIdsAsync($"/items/{_viewed}/similar?k=50");
        var searchBefore = await catalog.Driver.ItemIdsAsync($"/items/search?k=50&q={Uri.EscapeDataString(catalog.Items[_hidden].Title!)}");
        await HideAsync();

        using var shown = await Api.DeleteAsync($"/items/{_hidden}/hidden", Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, shown.StatusCode);
        foreach (var shopper in _shoppers.Skip(2))
        {
            Assert.Equal(_hidden, (await catalog.Driver.ItemIdsAsync($"/users/{shopper}/recommendations?k=10"))[0]);
        }

        Assert.Equal(similarBefore, await catalog.Driver.ItemIdsAsync($"/items/{_viewed}/similar?k=50"));
        Assert.Equal(searchBefore, await catalog.Driver.ItemIdsAsync($"/items/search?k=50&q={Uri.EscapeDataString(catalog.Items[_hidden].Title!)}"));
        using var item = await Api.GetAsync($"/items/{_hidden}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
    }

    [Fact]
    public async Task An_open_stream_sends_its_list_again_without_the_item_hidden_meanwhile()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(Patience);
        using var stream = await Api.GetAsync($"/users/{_shoppers[2]}/recommendations/stream?k=10", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(_hidden, PipelineDriver.ItemIds((await ServerSentEvents.NextAsync(reader, timeout.Token))!.Value)[0]);

        await HideAsync();

        var next = PipelineDriver.ItemIds((await ServerSentEvents.NextAsync(reader, timeout.Token))!.Value);
        Assert.Equal(10, next.Length);
        Assert.DoesNotContain(_hidden, next);
    }

    [Fact]
    public async Task Hiding_an_item_not_in_the_catalogue_is_404_and_needs_the_admin_role()
    {
        using var unknown = await Api.PutAsync("/items/NO-SUCH-ITEM/hidden", null, Cancellation);
        using var reader = TestApiKeys.Client(Api.BaseAddress!.ToString(), TestApiKeys.Reader);
        using var refused = await reader.PutAsync($"/items/{_hidden}/hidden", null, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(_hidden, (await catalog.Driver.ItemIdsAsync($"/users/{_shoppers[0]}/recommendations?k=10"))[0]);
    }

    private async Task HideAsync()
    {
        using var hidden = await Api.PutAsync($"/items/{_hidden}/hidden", null, Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, hidden.StatusCode);
    }

    private async Task<JsonElement?> FirstStreamListAsync(string shopper)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(Patience);
        using var stream = await Api.GetAsync($"/users/{shopper}/recommendations/stream?k=10", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        return await ServerSentEvents.NextAsync(reader, timeout.Token);
    }
}
