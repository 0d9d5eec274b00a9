using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Nebula.IntegrationTests;

/// <summary>
/// The Api when the broker, Redis or Milvus does not answer: real faults (each address is a port where nothing
/// listens), answered with 503 ProblemDetails and <c>Retry-After</c>, and no longer than the configured timeout.
/// </summary>
public sealed class ApiDependencyFailureTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(1);

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-api-faults-").FullName;
    private readonly string _nowhere = $"127.0.0.1:{LoopbackPort.Free()}";
    private readonly List<WebApplication> _apps = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task An_unreachable_broker_gives_503_with_retry_after_within_the_publish_timeout()
    {
        using var api = await StartApiAsync(kafka: _nowhere);
        var item = await AnItemAsync(api);

        var clock = Stopwatch.StartNew();
        using var response = await api.PostAsJsonAsync("/interactions", new { userId = "faults", itemId = item, type = "view" }, TestContext.Current.CancellationToken);
        clock.Stop();

        await AssertUnavailableAsync(response, "broker");
        Assert.True(clock.Elapsed < PublishTimeout + TimeSpan.FromSeconds(4), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task An_unreachable_broker_gives_each_event_of_a_batch_503_and_the_answer_retry_after()
    {
        using var api = await StartApiAsync(kafka: _nowhere);
        var item = await AnItemAsync(api);

        using var response = await api.PostAsJsonAsync("/interactions/batch",
            new { events = new object[] { new { userId = "faults", itemId = item, type = "view" }, new { userId = "faults", itemId = item, type = "nonsense" } } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("results");
        Assert.Equal(503, results[0].GetProperty("status").GetInt32());
        Assert.Equal(5, results[0].GetProperty("retryAfter").GetInt32());
        Assert.Equal(422, results[1].GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("retryAfter").ValueKind);
    }

    [Fact]
    public async Task An_unreachable_broker_gives_503_with_retry_after_on_the_original_route_too()
    {
        using var api = await StartApiAsync(kafka: _nowhere);
        var item = await AnItemAsync(api);

        using var response = await api.PostAsJsonAsync("/interaction", new { user_id = "faults", item_id = item, event_type = "view" }, TestContext.Current.CancellationToken);

        await AssertUnavailableAsync(response, "broker");
    }

    [Fact]
    public async Task An_unreachable_redis_gives_503_for_recommendations()
    {
        using var api = await StartApiAsync(redis: _nowhere);

        using var response = await api.GetAsync("/users/faults/recommendations", TestContext.Current.CancellationToken);

        await AssertUnavailableAsync(response, "Redis");
    }

    [Fact]
    public async Task An_unreachable_milvus_gives_503_for_an_item()
    {
        using var api = await StartApiAsync(milvus: $"Endpoint=http://{_nowhere};Key=root:nothing");

        using var response = await api.GetAsync("/items/B000000000", TestContext.Current.CancellationToken);

        await AssertUnavailableAsync(response, "Milvus");
    }

    /// <summary>503 ProblemDetails with <c>Retry-After</c>, naming what is unavailable but not where it is.</summary>
    private async Task AssertUnavailableAsync(HttpResponseMessage response, string names)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Contains(names, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_nowhere.Split(':')[1], body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }

    private async Task<string> AnItemAsync(HttpClient api)
    {
        await using var driver = await PipelineDriver.CreateAsync(fixture);
        return (await driver.CatalogItemsAsync(1))[0];
    }

    /// <summary>The Api as the service wires it, with the AppHost's infrastructure except where a fault is wanted.</summary>
    private async Task<HttpClient> StartApiAsync(string? kafka = null, string? redis = null, string? milvus = null)
    {
        var faults = new Dictionary<string, string?>
        {
            ["Nebula:Api:PublishTimeout"] = PublishTimeout.ToString(),
            ["Aspire:Milvus:Client:MaxRetries"] = "1",
        };
        foreach (var (name, value) in new[] { ("kafka", kafka), ("redis", redis), ("milvus", milvus) })
        {
            if (value is not null)
            {
                faults[$"ConnectionStrings:{name}"] = value;
            }
        }

        var app = await InProcessServices.StartApiAsync(_contentRoot, await InProcessServices.SettingsAsync(fixture, faults));
        _apps.Add(app);
        return TestApiKeys.Client(app.Urls.First());
    }
}
