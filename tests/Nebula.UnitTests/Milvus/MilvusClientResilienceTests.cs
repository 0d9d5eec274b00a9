using System.Net;
using System.Text;
using System.Text.Json;
using Nebula.Milvus;

namespace Nebula.UnitTests.Milvus;

/// <summary>
/// Faults no real server produces on demand (a rate limit, a 503, a stall): a MOCK HTTP handler stands in for Milvus
/// here, and only here.
/// </summary>
public sealed class MilvusClientResilienceTests
{
    private sealed class ScriptedMockHandler(params Func<HttpResponseMessage>[] replies) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public List<string?> Authorizations { get; } = [];

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorizations.Add(request.Headers.Authorization?.ToString());
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            return replies[Math.Min(Calls++, replies.Length - 1)]();
        }
    }

    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static MilvusClient Client(HttpMessageHandler handler, int retries = 3)
        => new(new MilvusClientSettings { Endpoint = new Uri("http://milvus.test:19530"), Key = "root:Milvus", MaxRetries = retries, RetryDelay = TimeSpan.FromMilliseconds(1) }, handler);

    [Fact]
    public async Task A_rate_limited_call_is_retried_until_it_succeeds()
    {
        var handler = new ScriptedMockHandler(
            () => Json("""{"code":8,"message":"rate limit exceeded"}"""),
            () => Json("", HttpStatusCode.ServiceUnavailable),
            () => Json("""{"code":0,"data":["items"]}"""));
        using var client = Client(handler);

        var collections = await client.ListCollectionsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["items"], collections);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task A_retried_call_sends_the_same_body_on_every_attempt()
    {
        var handler = new ScriptedMockHandler(
            () => Json("", HttpStatusCode.ServiceUnavailable),
            () => Json("""{"code":0,"data":[{"itemId":"a","distance":0.9}],"topks":[1]}"""));
        using var client = Client(handler);

        await client.SearchAsync("items", [[0.25f, -1.5f]], new() { AnnsField = "vector", Limit = 1 }, TestContext.Current.CancellationToken);

        Assert.Equal(2, handler.Bodies.Count);
        Assert.Equal(handler.Bodies[0], handler.Bodies[1]);
        using var body = JsonDocument.Parse(handler.Bodies[1]);
        Assert.Equal([0.25f, -1.5f], body.RootElement.GetProperty("data")[0].EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task Calls_one_after_another_each_send_their_own_body()
    {
        var handler = new ScriptedMockHandler(() => Json("""{"code":0,"data":[{"itemId":"a","distance":0.9}],"topks":[1]}"""));
        using var client = Client(handler);

        // The first body is the larger, so that a buffer handed on too early would leave its tail in the second.
        await client.SearchAsync("items", [new float[4096]], new() { AnnsField = "vector", Limit = 1 }, TestContext.Current.CancellationToken);
        await client.SearchAsync("items", [[1f]], new() { AnnsField = "vector", Limit = 1 }, TestContext.Current.CancellationToken);

        using var second = JsonDocument.Parse(handler.Bodies[1]);
        Assert.Equal([1f], second.RootElement.GetProperty("data")[0].EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task A_non_zero_code_with_http_200_is_an_error_and_not_retried_when_permanent()
    {
        var handler = new ScriptedMockHandler(() => Json("""{"code":1100,"message":"invalid parameter"}"""));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<MilvusException>(() => client.ListCollectionsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(1100, error.Code);
        Assert.Contains("invalid parameter", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_number()
    {
        var handler = new ScriptedMockHandler(() => Json("""{"code":1,"message":"service not ready"}"""));
        using var client = Client(handler, retries: 2);

        await Assert.ThrowsAsync<MilvusException>(() => client.ListCollectionsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task Every_call_sends_the_bearer_token()
    {
        var handler = new ScriptedMockHandler(() => Json("""{"code":0,"data":[]}"""));
        using var client = Client(handler);

        await client.ListCollectionsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer root:Milvus"], handler.Authorizations);
    }

    [Fact]
    public async Task A_multi_vector_search_without_topks_is_refused_rather_than_split_wrongly()
    {
        var handler = new ScriptedMockHandler(() => Json("""{"code":0,"data":[{"itemId":"a","distance":0.9}]}"""));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<MilvusException>(() =>
            client.SearchAsync("items", [new float[2], new float[2]], new() { AnnsField = "vector" }, TestContext.Current.CancellationToken));

        Assert.Contains("topks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_gives_endpoint_and_key()
    {
        var settings = new MilvusClientSettings();

        settings.ParseConnectionString("Endpoint=http://localhost:19530;Key=root:secret");

        Assert.Equal(new Uri("http://localhost:19530"), settings.Endpoint);
        Assert.Equal("root:secret", settings.Key);
    }

    [Fact]
    public void Filter_literals_escape_quotes_backslashes_and_control_characters()
        => Assert.Equal("itemId in [\"a\\\"b\", \"c\\\\d\", \"e\\nf\"]", MilvusFilter.In("itemId", ["a\"b", "c\\d", "e\nf"]));

    [Fact]
    public void A_field_name_that_is_not_an_identifier_is_refused()
        => Assert.Throws<ArgumentException>(() => MilvusFilter.Equal("itemId == \"x\" or 1", "y"));
}
