using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.Milvus;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>Drives the running AppHost as a client would: the Api over HTTP, plus read-only looks into Redis and Milvus.</summary>
public sealed class PipelineDriver : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly MilvusClient _milvus;
    private readonly ConnectionMultiplexer _redis;

    private PipelineDriver(HttpClient api, MilvusClient milvus, ConnectionMultiplexer redis)
    {
        Api = api;
        _milvus = milvus;
        _redis = redis;
    }

    public HttpClient Api { get; }

    /// <summary>The AppHost's Redis (Garnet, or redis-server in external mode), for reading the worker's state directly.</summary>
    public IConnectionMultiplexer Redis => _redis;

    public static async Task<PipelineDriver> CreateAsync(INebulaAppHost fixture) =>
        await ConnectAsync(TestApiKeys.WithKey(fixture.App.CreateHttpClient("api")), await fixture.ConnectionStringAsync("milvus"), await fixture.ConnectionStringAsync("redis"));

    /// <summary>A driver for an Api and a Redis of the test's own (hosted in the test, or a Redis it breaks), with the AppHost's Milvus.</summary>
    public static async Task<PipelineDriver> ConnectAsync(HttpClient api, string milvusConnectionString, string redisConnectionString)
    {
        var settings = new MilvusClientSettings();
        settings.ParseConnectionString(milvusConnectionString);
        var redis = await ConnectionMultiplexer.ConnectAsync(redisConnectionString);
        return new PipelineDriver(api, new MilvusClient(settings), redis);
    }

    public static string NewUser(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Real catalogue item ids, in a stable order.</summary>
    public async Task<IReadOnlyList<string>> CatalogItemsAsync(int count)
    {
        var rows = await _milvus.QueryAsync("items", "", [ItemFields.ItemId], count, cancellationToken: TestContext.Current.CancellationToken);
        return [.. rows.Select(r => r.GetProperty(ItemFields.ItemId).GetString()!)];
    }

    public async Task<IReadOnlyDictionary<string, float[]>> VectorsAsync(IReadOnlyList<string> itemIds)
    {
        var rows = await _milvus.GetAsync("items", itemIds, [ItemFields.ItemId, ItemFields.Vector], TestContext.Current.CancellationToken);
        return rows.ToDictionary(
            r => r.GetProperty(ItemFields.ItemId).GetString()!,
            r => r.GetProperty(ItemFields.Vector).EnumerateArray().Select(x => x.GetSingle()).ToArray());
    }

    public async Task<HttpResponseMessage> PostInteractionAsync(string userId, string itemId, string type, Guid? eventId = null) =>
        await Api.PostAsJsonAsync("/interactions", new { userId, itemId, type, eventId }, TestContext.Current.CancellationToken);

    public async Task<JsonElement> RecommendationsAsync(string userId, int? k = null)
    {
        var url = k is null ? $"/users/{userId}/recommendations" : $"/users/{userId}/recommendations?k={k}";
        using var response = await Api.GetAsync(url, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>Polls the user's recommendations until <paramref name="done"/> holds or <paramref name="timeout"/> passes (then returns the last answer).</summary>
    public async Task<JsonElement> WaitForRecommendationsAsync(string userId, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var answer = await RecommendationsAsync(userId);
            if (done(answer) || DateTime.UtcNow >= deadline)
            {
                return answer;
            }

            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
    }

    public async Task<TasteProfile?> ProfileAsync(string userId)
    {
        var entries = await _redis.GetDatabase().HashGetAllAsync(RedisKeys.Profile(userId));
        return TasteProfileCodec.Decode(entries.ToDictionary(e => e.Name.ToString(), e => (byte[])e.Value!));
    }

    public async Task<TasteProfile> WaitForProfileAsync(string userId, long eventCount, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var profile = await ProfileAsync(userId);
            if (profile?.EventCount >= eventCount || DateTime.UtcNow >= deadline)
            {
                return profile ?? throw new InvalidOperationException($"{userId} has no profile after {timeout}.");
            }

            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// New shoppers (<paramref name="prefix"/>-0, -1, …), one after another, each view <paramref name="from"/> and then
    /// <paramref name="to"/>, and each is waited for until the worker has applied both: the link the worker learns.
    /// </summary>
    public async Task ShoppersGoFromToAsync(string prefix, int shoppers, string from, string to, TimeSpan timeout)
    {
        foreach (var shopper in Enumerable.Range(0, shoppers).Select(i => NewUser($"{prefix}-{i}")))
        {
            (await PostInteractionAsync(shopper, from, "view")).Dispose();
            (await PostInteractionAsync(shopper, to, "view")).Dispose();
            await WaitForProfileAsync(shopper, 2, timeout);
        }
    }

    /// <summary>The user's list as the worker stored it in Redis (the hidden and deleted items still in it).</summary>
    public async Task<List<string>> StoredListAsync(string userId)
    {
        var json = await _redis.GetDatabase().StringGetAsync(RedisKeys.Recommendations(userId));
        return [.. RecommendationList.FromJson(json.ToString())!.Items.Select(item => item.ItemId)];
    }

    /// <summary>The item ids of a route's answer: its <paramref name="items"/> array, of ids or of objects with <c>itemId</c> (or the original's <c>item_id</c>).</summary>
    public async Task<string[]> ItemIdsAsync(string path, string items = "items")
    {
        using var response = await Api.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
        var list = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty(items);
        return [.. list.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetProperty(item.TryGetProperty("itemId", out _) ? "itemId" : "item_id").GetString()!)];
    }

    /// <summary>Every Redis key whose name holds <paramref name="userId"/>.</summary>
    public async Task<List<string>> KeysNamingAsync(string userId)
    {
        var keys = new List<string>();
        foreach (var server in _redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: $"*{userId}*"))
            {
                keys.Add(key.ToString());
            }
        }

        return keys;
    }

    public static string Source(JsonElement recommendations) => recommendations.GetProperty("source").GetString()!;

    public static string[] ItemIds(JsonElement recommendations) =>
        [.. recommendations.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!)];

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        _milvus.Dispose();
        await _redis.DisposeAsync();
    }
}
