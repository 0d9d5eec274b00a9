using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Nebula.IntegrationTests;

/// <summary>
/// The Api in front of a Milvus that accepts connections and never answers (a TCP relay held closed in front of the
/// AppHost's vector service): its calls give up at the Api's dependency deadline, so a list is still served, by id and
/// score and marked partial, and an item answers 503, in seconds rather than after the client's minute-long retries.
/// In the pipeline group: it posts an event to the shared topic, which the consumer-group test reads while it runs.
/// </summary>
[Collection(PipelineTestGroup.Name)]
public sealed class ApiHungMilvusTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    // Far below what the Milvus client alone would take (60 s per attempt, 5 attempts), and far above the 1 s deadline.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-api-hung-").FullName;
    private TcpRelay _relay = null!;
    private WebApplication _api = null!;
    private HttpClient _client = null!;
    private PipelineDriver _driver = null!;

    public async ValueTask InitializeAsync()
    {
        (_relay, var milvus) = TcpRelay.InFrontOfMilvus(await fixture.ConnectionStringAsync("milvus"), hangWhileClosed: true);
        _api = await InProcessServices.StartApiAsync(_contentRoot, await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["ConnectionStrings:milvus"] = milvus,
            ["Nebula:Api:DependencyTimeout"] = "00:00:01",
        }));
        _client = TestApiKeys.Client(_api.Urls.First());
        _client.Timeout = TimeSpan.FromMinutes(5);
        _driver = await PipelineDriver.CreateAsync(fixture);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _relay?.Dispose();
        await (_driver?.DisposeAsync() ?? ValueTask.CompletedTask);
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task A_list_is_served_by_id_and_score_marked_partial_when_the_catalogue_does_not_answer()
    {
        // A stored list, made by the AppHost's own Api and worker.
        var user = PipelineDriver.NewUser("partial");
        var item = (await _driver.CatalogItemsAsync(1))[0];
        (await _driver.PostInteractionAsync(user, item, "click")).Dispose();
        var stored = await _driver.WaitForRecommendationsAsync(user, r => PipelineDriver.Source(r) == "personalized", TimeSpan.FromSeconds(30));
        Assert.Equal("personalized", PipelineDriver.Source(stored));

        var clock = Stopwatch.StartNew();
        using var response = await _client.GetAsync($"/users/{user}/recommendations", TestContext.Current.CancellationToken);
        clock.Stop();
        var list = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(list.GetProperty("partial").GetBoolean());
        Assert.Equal(
            stored.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()),
            list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.Equal(JsonValueKind.Null, i.GetProperty("title").ValueKind));
        Assert.True(clock.Elapsed < Bound, $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task An_item_answers_503_when_the_catalogue_does_not_answer()
    {
        var item = (await _driver.CatalogItemsAsync(1))[0];

        var clock = Stopwatch.StartNew();
        using var response = await _client.GetAsync($"/items/{item}", TestContext.Current.CancellationToken);
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(clock.Elapsed < Bound, $"answered after {clock.Elapsed}");
    }
}
