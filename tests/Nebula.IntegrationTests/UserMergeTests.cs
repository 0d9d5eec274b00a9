using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.IntegrationTests;

/// <summary>
/// A guest who signs in (<c>POST /users/{id}/merge</c>), through the AppHost's Api, worker and Garnet: the account's
/// profile becomes the library's replay of both shoppers' events in time order, its list and stream change, and
/// nothing is left under the guest's id.
/// </summary>
[Collection(PipelineTestGroup.Name)]
public sealed class UserMergeTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private PipelineDriver _driver = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _driver = await PipelineDriver.CreateAsync(fixture);

    public async ValueTask DisposeAsync() => await _driver.DisposeAsync();

    private sealed record Sent(string ItemId, string Type, DateTimeOffset OccurredAt);

    [Fact]
    public async Task The_merged_profile_is_the_replay_of_both_shoppers_events_in_time_order()
    {
        var items = await _driver.CatalogItemsAsync(5);
        var (account, guest) = (PipelineDriver.NewUser("merge-account"), PipelineDriver.NewUser("merge-guest"));
        var sent = new List<Sent>
        {
            await SendAsync(account, items[0], "view"),
            await SendAsync(account, items[1], "add_to_cart"),
        };
        await _driver.WaitForProfileAsync(account, 2, Patience);
        sent.Add(await SendAsync(guest, items[2], "view"));
        sent.Add(await SendAsync(guest, items[3], "purchase"));
        sent.Add(await SendAsync(guest, items[1], "dislike"));
        await _driver.WaitForProfileAsync(guest, 3, Patience);

        using var merge = await MergeAsync(account, guest);

        Assert.Equal(HttpStatusCode.NoContent, merge.StatusCode);
        var vectors = await _driver.VectorsAsync(items);
        var options = new RecommendationOptions();
        var replayed = sent.OrderBy(e => e.OccurredAt).Aggregate(
            (TasteProfile?)null, (profile, e) => TasteProfileUpdater.Apply(profile, e.ItemId, vectors[e.ItemId], e.Type, e.OccurredAt, options))!;
        var merged = (await _driver.ProfileAsync(account))!;
        Assert.Equal(5, merged.EventCount);
        Assert.Equal(replayed.UpdatedAt, merged.UpdatedAt);
        Assert.Equal(replayed.RecentItems, merged.RecentItems);
        Assert.Equal(replayed.Weight, merged.Weight, 1e-4);
        Assert.True(Cosine(replayed.Vector!, merged.Vector!) > 0.99999, $"cosine {Cosine(replayed.Vector!, merged.Vector!)}");
    }

    [Fact]
    public async Task After_a_merge_the_guests_keys_are_gone_and_the_accounts_list_leaves_out_what_either_touched()
    {
        var items = await _driver.CatalogItemsAsync(4);
        var (account, guest) = (PipelineDriver.NewUser("merge-list-account"), PipelineDriver.NewUser("merge-list-guest"));
        await SendAsync(account, items[0], "view");
        await _driver.WaitForRecommendationsAsync(account, r => PipelineDriver.Source(r) == "personalized", Patience);
        await SendAsync(guest, items[3], "view");
        await _driver.WaitForRecommendationsAsync(guest, r => PipelineDriver.Source(r) == "personalized", Patience);
        var guestList = PipelineDriver.ItemIds(await _driver.RecommendationsAsync(guest, 50));

        using var merge = await MergeAsync(account, guest);

        Assert.Equal(HttpStatusCode.NoContent, merge.StatusCode);
        Assert.Empty(await _driver.KeysNamingAsync(guest));
        using var export = await _driver.Api.GetAsync($"/users/{guest}/export", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        var list = PipelineDriver.ItemIds(await _driver.RecommendationsAsync(account, 50));
        Assert.DoesNotContain(items[0], list);
        Assert.DoesNotContain(items[3], list);
        Assert.NotEmpty(list.Intersect(guestList));
    }

    [Fact]
    public async Task An_open_stream_of_the_account_gets_the_merged_list_and_the_next_event_applies_on_top()
    {
        var items = await _driver.CatalogItemsAsync(6);
        var (account, guest) = (PipelineDriver.NewUser("merge-stream-account"), PipelineDriver.NewUser("merge-stream-guest"));
        await SendAsync(account, items[0], "view");
        await _driver.WaitForRecommendationsAsync(account, r => PipelineDriver.Source(r) == "personalized", Patience);
        await SendAsync(guest, items[5], "view");
        await _driver.WaitForProfileAsync(guest, 1, Patience);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(Patience);
        using var stream = await _driver.Api.GetAsync($"/users/{account}/recommendations/stream?k=10", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        var first = (await ServerSentEvents.NextAsync(reader, timeout.Token))!.Value;

        using var merge = await MergeAsync(account, guest);
        var next = (await ServerSentEvents.NextAsync(reader, timeout.Token))!.Value;

        Assert.NotEqual(first.GetProperty("eventId").GetGuid(), next.GetProperty("eventId").GetGuid());
        Assert.DoesNotContain(items[5], PipelineDriver.ItemIds(next));
        await SendAsync(account, items[2], "view");
        var after = await _driver.WaitForProfileAsync(account, 3, Patience);
        Assert.Equal([items[2], items[5], items[0]], after.RecentItems);
    }

    [Fact]
    public async Task Merging_refuses_a_shopper_token_and_names_what_is_wrong_with_the_request()
    {
        var (account, guest) = (PipelineDriver.NewUser("merge-refused"), PipelineDriver.NewUser("merge-refused-guest"));
        var token = await TestApiKeys.MintShopperTokenAsync(_driver.Api, account);
        using var asShopper = TestApiKeys.Client(_driver.Api.BaseAddress!.ToString(), token);

        using var byShopper = await asShopper.PostAsJsonAsync($"/users/{account}/merge", new { from = guest }, Cancellation);
        using var itself = await MergeAsync(account, account);
        using var noGuest = await _driver.Api.PostAsJsonAsync($"/users/{account}/merge", new { }, Cancellation);
        using var nothingHeld = await MergeAsync(account, guest);

        // Even for its own user: a token could otherwise take any guest's history (keys that lack ingest: ApiAccessTests).
        Assert.Equal(HttpStatusCode.Forbidden, byShopper.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, itself.StatusCode);
        Assert.Contains("another user", await itself.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noGuest.StatusCode);
        Assert.Contains("from", await noGuest.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, nothingHeld.StatusCode);
    }

    private async Task<Sent> SendAsync(string userId, string itemId, string type)
    {
        using var response = await _driver.PostInteractionAsync(userId, itemId, type);
        response.EnsureSuccessStatusCode();
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return new Sent(itemId, type, accepted.GetProperty("occurredAt").GetDateTimeOffset());
    }

    private async Task<HttpResponseMessage> MergeAsync(string userId, string guestId) =>
        await _driver.Api.PostAsJsonAsync($"/users/{userId}/merge", new { from = guestId }, Cancellation);

    private static double Cosine(float[] a, float[] b) =>
        a.Zip(b).Sum(p => (double)p.First * p.Second) / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));
}
