using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nebula.Core.Contracts;

namespace Nebula.IntegrationTests.Shop;

/// <summary>
/// Changing one item while everything runs (<c>PUT</c> and <c>DELETE /items/{id}</c>): an upserted item is embedded
/// on the spot, found by search and similar items and recommended after a related event; a deleted one is served by no
/// route, its events are refused and the links shoppers made from it are gone. Every item a test creates is deleted
/// when it ends, so the other tests of the collection see the catalogue they loaded.
/// </summary>
[Collection(ShopCatalogGroup.Name)]
public sealed class CatalogEditTests(ShopCatalog catalog) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly string[] KnifeCategories = ["Kitchen", "Knives"];

    private readonly List<string> _created = [];

    private HttpClient Api => catalog.Driver.Api;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _created)
        {
            using var deleted = await Api.DeleteAsync($"/items/{id}", CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_upserted_item_is_served_searched_and_similar_from_the_moment_the_call_returns()
    {
        var original = Original();
        var id = NewItemId();

        using var put = await UpsertAsync(id, new { title = $"{original.Title} Holiday Edition", brand = original.Brand, categories = original.Categories, price = 42.5 });

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/items/{id}", put.Headers.Location?.OriginalString);
        var stored = await put.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal($"{original.Title} Holiday Edition", stored.GetProperty("title").GetString());
        Assert.Equal(42.5, stored.GetProperty("price").GetDouble());
        using var item = await Api.GetAsync($"/items/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        Assert.Contains(id, await catalog.Driver.ItemIdsAsync($"/items/search?k=5&q={Uri.EscapeDataString($"{original.Title} Holiday Edition")}"));
        Assert.Contains(id, await catalog.Driver.ItemIdsAsync($"/items/{original.ItemId}/similar?k=5"));
    }

    [Fact]
    public async Task An_upserted_item_is_recommended_after_a_related_event()
    {
        var original = Original();
        var id = NewItemId();
        using var put = await UpsertAsync(id, new { title = $"{original.Title} Gift Box", brand = original.Brand, categories = original.Categories });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var shopper = PipelineDriver.NewUser("edit-shopper");

        (await catalog.Driver.PostInteractionAsync(shopper, original.ItemId, "view")).EnsureSuccessStatusCode();
        var list = await catalog.Driver.WaitForRecommendationsAsync(shopper, r => PipelineDriver.ItemIds(r).Contains(id), Patience);

        Assert.Contains(id, PipelineDriver.ItemIds(list));
        using var viewNew = await catalog.Driver.PostInteractionAsync(shopper, id, "view");
        Assert.Equal(HttpStatusCode.Accepted, viewNew.StatusCode);
    }

    [Fact]
    public async Task Upserting_an_item_again_replaces_its_fields_and_its_vector()
    {
        var original = Original();
        var id = NewItemId();
        using var first = await UpsertAsync(id, new { title = original.Title, categories = original.Categories });
        var before = (await catalog.Driver.VectorsAsync([id]))[id];

        using var second = await UpsertAsync(id, new { title = "Stainless steel chef's knife with a walnut handle", categories = KnifeCategories, price = 80 });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var stored = await Api.GetFromJsonAsync<JsonElement>($"/items/{id}", Cancellation);
        Assert.Equal("Stainless steel chef's knife with a walnut handle", stored.GetProperty("title").GetString());
        Assert.Equal(KnifeCategories, stored.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.True(Dot(before, (await catalog.Driver.VectorsAsync([id]))[id]) < 0.9, "the vector was not embedded again");
        Assert.Equal(id, (await catalog.Driver.ItemIdsAsync($"/items/search?k=1&q={Uri.EscapeDataString("chef's knife walnut handle")}"))[0]);
    }

    [Fact]
    public async Task An_invalid_item_is_refused_with_a_reason_per_field_and_nothing_is_stored()
    {
        var id = NewItemId();

        using var put = await UpsertAsync(id, new
        {
            title = "  <b> </b> ",
            price = -1,
            imageUrl = "javascript:alert(1)",
            categories = Enumerable.Range(0, 20).Select(i => $"Category {i}"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.Equal(["categories", "imageUrl", "price", "title"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        using var item = await Api.GetAsync($"/items/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, item.StatusCode);
    }

    [Fact]
    public async Task A_deleted_item_is_served_by_no_route_although_stored_lists_still_hold_it()
    {
        var original = Original();
        var id = NewItemId();
        using var put = await UpsertAsync(id, new { title = $"{original.Title} Deluxe", brand = original.Brand, categories = original.Categories });
        var shopper = PipelineDriver.NewUser("delete-shopper");
        (await catalog.Driver.PostInteractionAsync(shopper, original.ItemId, "view")).EnsureSuccessStatusCode();
        await catalog.Driver.WaitForRecommendationsAsync(shopper, r => PipelineDriver.ItemIds(r).Contains(id), Patience);

        using var deleted = await Api.DeleteAsync($"/items/{id}", Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Contains(id, await catalog.Driver.StoredListAsync(shopper));
        Assert.DoesNotContain(id, await catalog.Driver.ItemIdsAsync($"/users/{shopper}/recommendations?k=50"));
        Assert.DoesNotContain(id, await catalog.Driver.ItemIdsAsync($"/recommendations/{shopper}", "recommendations"));
        Assert.DoesNotContain(id, await catalog.Driver.ItemIdsAsync($"/items/{original.ItemId}/similar?k=50"));
        Assert.DoesNotContain(id, await catalog.Driver.ItemIdsAsync($"/items/search?k=50&q={Uri.EscapeDataString($"{original.Title} Deluxe")}"));
        using var item = await Api.GetAsync($"/items/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, item.StatusCode);
        using var view = await catalog.Driver.PostInteractionAsync(shopper, id, "view");
        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_item_takes_its_links_and_popularity_and_cannot_be_undone_by_showing_it()
    {
        var original = Original();
        var id = NewItemId();
        using var put = await UpsertAsync(id, new { title = $"{original.Title} Mini", categories = original.Categories });
        var shopper = PipelineDriver.NewUser("delete-links");
        (await catalog.Driver.PostInteractionAsync(shopper, id, "view")).EnsureSuccessStatusCode();
        (await catalog.Driver.PostInteractionAsync(shopper, original.ItemId, "view")).EnsureSuccessStatusCode();
        await catalog.Driver.WaitForProfileAsync(shopper, 2, Patience);
        var redis = catalog.Driver.Redis.GetDatabase();
        Assert.NotNull(await redis.SortedSetScoreAsync(RedisKeys.Transitions(id), original.ItemId));
        Assert.NotNull(await redis.SortedSetScoreAsync(RedisKeys.Popularity, id));

        using var deleted = await Api.DeleteAsync($"/items/{id}", Cancellation);
        using var again = await Api.DeleteAsync($"/items/{id}", Cancellation);
        using var shown = await Api.DeleteAsync($"/items/{id}/hidden", Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, shown.StatusCode);
        Assert.False(await redis.KeyExistsAsync(RedisKeys.Transitions(id)));
        Assert.False(await redis.HashExistsAsync(RedisKeys.TransitionTotals, id));
        Assert.Null(await redis.SortedSetScoreAsync(RedisKeys.Popularity, id));
        Assert.Empty(await catalog.Driver.VectorsAsync([id]));
    }

    [Fact]
    public async Task Upserting_a_deleted_item_brings_it_back()
    {
        var original = Original();
        var id = NewItemId();
        using var first = await UpsertAsync(id, new { title = $"{original.Title} Classic", categories = original.Categories });
        using var deleted = await Api.DeleteAsync($"/items/{id}", Cancellation);

        using var back = await UpsertAsync(id, new { title = $"{original.Title} Classic", categories = original.Categories });

        Assert.Equal(HttpStatusCode.Created, back.StatusCode);
        using var item = await Api.GetAsync($"/items/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        Assert.Contains(id, await catalog.Driver.ItemIdsAsync($"/items/{original.ItemId}/similar?k=5"));
    }

    [Fact]
    public async Task Deleting_an_item_never_in_the_catalogue_is_404_and_changing_items_needs_the_admin_role()
    {
        using var unknown = await Api.DeleteAsync($"/items/{NewItemId()}", Cancellation);
        using var reader = TestApiKeys.Client(Api.BaseAddress!.ToString(), TestApiKeys.Reader);
        using var put = await reader.PutAsJsonAsync($"/items/{NewItemId()}", new { title = "Planted" }, Cancellation);
        using var delete = await reader.DeleteAsync($"/items/{Original().ItemId}", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        using var item = await Api.GetAsync($"/items/{Original().ItemId}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
    }

    /// <summary>A loaded item with a title, a brand and categories, that no shopper of the fixture touched.</summary>
    private CatalogRow Original() => catalog.Items.Values
        .Where(i => i.Title is { Length: > 10 } && i.Brand is not null && i.Categories.Count > 1 && !catalog.Seen.Contains(i.ItemId))
        .OrderBy(i => i.ItemId, StringComparer.Ordinal)
        .Skip(7)
        .First();

    private string NewItemId()
    {
        var id = $"edit-{Guid.NewGuid():N}"[..24];
        _created.Add(id);
        return id;
    }

    private async Task<HttpResponseMessage> UpsertAsync(string id, object item) => await Api.PutAsJsonAsync($"/items/{id}", item, Cancellation);

    private static double Dot(float[] a, float[] b) => a.Zip(b).Sum(pair => (double)pair.First * pair.Second);
}
