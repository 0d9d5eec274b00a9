using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nebula.Api.Services;

namespace Nebula.IntegrationTests;

/// <summary>
/// The recommendations stream's limits, on an Api hosted in this process against the AppHost's infrastructure with
/// small caps: streams over a cap are refused with 429 and <c>Retry-After</c>, an idle stream gets heartbeat comments,
/// and the watcher map empties when streams close.
/// </summary>
public sealed class ApiStreamLimitsTests(EmbeddedAppHostFixture fixture) : IAsyncDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-streams-").FullName;
    private readonly List<IDisposable> _open = [];
    private WebApplication? _api;
    private HttpClient? _client;

    [Fact]
    public async Task A_stream_over_the_per_user_cap_is_refused_with_429_and_retry_after()
    {
        await StartApiAsync(("MaxStreamsPerUser", "2"));
        var user = PipelineDriver.NewUser("tabs");
        await OpenAsync(user);
        await OpenAsync(user);

        await AssertRefusedAsync(user, "per user");
    }

    [Fact]
    public async Task A_stream_over_the_per_client_cap_is_refused_with_429_and_retry_after()
    {
        await StartApiAsync(("MaxStreamsPerClient", "3"));
        for (var i = 0; i < 3; i++)
        {
            await OpenAsync(PipelineDriver.NewUser("client"));
        }

        await AssertRefusedAsync(PipelineDriver.NewUser("client"), "per client");
    }

    [Fact]
    public async Task A_stream_over_the_instance_cap_is_refused_with_429_and_retry_after()
    {
        await StartApiAsync(("MaxStreams", "2"));
        await OpenAsync(PipelineDriver.NewUser("instance"));
        await OpenAsync(PipelineDriver.NewUser("instance"));

        await AssertRefusedAsync(PipelineDriver.NewUser("instance"), "at most 2 streams at once");
    }

    [Fact]
    public async Task An_idle_stream_gets_a_heartbeat_comment()
    {
        await StartApiAsync(("StreamHeartbeat", "00:00:00.500"));
        using var response = await _client!.GetAsync($"/users/{PipelineDriver.NewUser("quiet")}/recommendations/stream", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(20));

        var lines = new List<string>();
        while (await reader.ReadLineAsync(patience.Token) is { } line && !line.StartsWith(':'))
        {
            lines.Add(line);
        }

        Assert.Contains(lines, line => line == "event: recommendations");
        Assert.False(patience.IsCancellationRequested, "no heartbeat within 20 s");
    }

    [Fact]
    public async Task The_watcher_map_is_empty_again_after_a_thousand_streams_for_random_users_open_and_close()
    {
        await StartApiAsync();
        var updates = _api!.Services.GetRequiredService<RecommendationUpdates>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken }, async (_, token) =>
        {
            using var response = await _client!.GetAsync($"/users/{PipelineDriver.NewUser("passing")}/recommendations/stream", HttpCompletionOption.ResponseHeadersRead, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((updates.WatchedUsers > 0 || updates.Streams > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, updates.WatchedUsers);
        Assert.Equal(0, updates.Streams);
    }

    private async Task StartApiAsync(params (string Name, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => $"Nebula:Api:{s.Name}", s => (string?)s.Value);
        _api = await InProcessServices.StartApiAsync(_contentRoot, await InProcessServices.SettingsAsync(fixture, all));
        _client = TestApiKeys.Client(_api.Urls.First());
    }

    /// <summary>Opens a stream and keeps it open until the test ends.</summary>
    private async Task OpenAsync(string user)
    {
        var response = await _client!.GetAsync($"/users/{user}/recommendations/stream", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        _open.Add(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertRefusedAsync(string user, string reason)
    {
        using var response = await _client!.GetAsync($"/users/{user}/recommendations/stream", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        _open.ForEach(response => response.Dispose());
        _client?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }
}
