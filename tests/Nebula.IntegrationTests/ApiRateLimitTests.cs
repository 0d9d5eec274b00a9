using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Nebula.Api.Security;

namespace Nebula.IntegrationTests;

/// <summary>
/// Requests per key and per client address, and Kestrel's connection cap, on an Api hosted in this process with small
/// limits: past a limit the answer is 429 with <c>Retry-After</c> and a ProblemDetails saying which limit.
/// </summary>
public sealed class ApiRateLimitTests(EmbeddedAppHostFixture fixture) : IAsyncDisposable
{
    private const int Limit = 5;

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-rates-").FullName;
    private WebApplication? _api;

    [Fact]
    public async Task A_key_over_its_rate_is_refused_with_429_and_retry_after_while_another_key_is_served()
    {
        using var client = await StartAsync(("RequestsPerSecondPerKey", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var refused = await BurstAsync(client, TestApiKeys.Reader, Limit * 4);
        using var other = await GetAsync(client, TestApiKeys.Admin);

        await AssertTooManyAsync(refused, "'reader'");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_client_without_a_key_over_its_rate_is_refused_with_429_and_retry_after()
    {
        using var client = await StartAsync(("RequestsPerSecondPerClient", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var refused = await BurstAsync(client, null, Limit * 4);

        await AssertTooManyAsync(refused, "from one address");
    }

    [Fact]
    public async Task A_connection_over_the_cap_is_closed_and_the_next_one_after_a_close_is_served()
    {
        using var client = await StartAsync(("MaxConnections", "2"));
        var address = new Uri(_api!.Urls.First());
        using var first = new TcpClient();
        using var second = new TcpClient();
        await first.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        await second.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        // Kestrel counts a connection once it has accepted it; a request on each makes sure both are counted.
        await first.GetStream().WriteAsync("GET /alive HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await second.GetStream().WriteAsync("GET /alive HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var buffer = new byte[256];
        await first.GetStream().ReadAtLeastAsync(buffer, 12, cancellationToken: TestContext.Current.CancellationToken);
        await second.GetStream().ReadAtLeastAsync(buffer, 12, cancellationToken: TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/alive", TestContext.Current.CancellationToken));
        first.Close();
        second.Close();
        var served = await ServedAfterAsync(client);

        Assert.True(served, "no request was served within 10 s of the two connections closing");
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }

    private async Task<HttpClient> StartAsync(params (string Name, string Value)[] settings)
    {
        _api = await InProcessServices.StartApiAsync(
            _contentRoot, await InProcessServices.SettingsAsync(fixture, settings.ToDictionary(s => $"Nebula:Api:{s.Name}", s => (string?)s.Value)));
        // No pooled connection is kept between requests, so the connection test counts only its own sockets.
        return new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, MaxConnectionsPerServer = 1 })
        {
            BaseAddress = new Uri(_api.Urls.First()),
        };
    }

    /// <summary>Sends <paramref name="count"/> requests at once and returns the first refused one (or the last answer).</summary>
    private static async Task<HttpResponseMessage> BurstAsync(HttpClient client, string? key, int count)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => GetAsync(client, key)));
        var refused = answers.FirstOrDefault(a => a.StatusCode == HttpStatusCode.TooManyRequests) ?? answers[^1];
        foreach (var answer in answers.Where(a => a != refused))
        {
            answer.Dispose();
        }

        return refused;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/rate-user/recommendations");
        if (key is not null)
        {
            request.Headers.Add(ApiCredentials.ApiKeyHeader, key);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string detail)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static async Task<bool> ServedAfterAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/alive", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Kestrel has not yet counted a closed connection out.
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return false;
    }
}
