using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Nebula.IntegrationTests;

/// <summary>
/// Search runs the embedding model on the request's thread, so only so many run at once: on an Api hosted in this
/// process allowing one search and no queue, searches sent together beyond it are refused with 429, <c>Retry-After</c>
/// and a ProblemDetails saying why, while the one admitted is answered.
/// </summary>
public sealed class ApiSearchLimitTests(EmbeddedAppHostFixture fixture) : IAsyncLifetime
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-search-limit-").FullName;
    private WebApplication _api = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await InProcessServices.StartApiAsync(_contentRoot, await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["Nebula:Api:MaxConcurrentSearches"] = "1",
            ["Nebula:Api:SearchQueueLimit"] = "0",
        }));
        _client = TestApiKeys.Client(_api.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task Searches_beyond_the_concurrency_limit_are_refused_with_429_while_the_admitted_one_is_answered()
    {
        // Sent together while the first also loads the model (a second or so): they overlap.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _client.GetAsync($"/items/search?q=wireless+headphones+{i}", TestContext.Current.CancellationToken)));
        try
        {
            var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();

            Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.NotEmpty(refused);
            Assert.All(refused, r => Assert.NotNull(r.Headers.RetryAfter));
            var problem = await refused[0].Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Contains("searches run at once", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Array.ForEach(responses, r => r.Dispose());
        }
    }
}
