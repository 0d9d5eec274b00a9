using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nebula.Api.Security;
using OpenTelemetry.Trace;

namespace Nebula.IntegrationTests;

/// <summary>
/// What the Api gives callers it does not fully trust, on an Api hosted in this process: <c>/health</c> (which runs
/// every dependency's check) only to loopback or an admin key, <c>/alive</c> to anyone; a request's trace context is
/// continued only with an API key; client baggage never is.
/// </summary>
public sealed class ApiEdgeTests(EmbeddedAppHostFixture fixture) : IAsyncDisposable
{
    private static readonly TimeSpan SpanPatience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HealthPatience = TimeSpan.FromSeconds(30);

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-edge-").FullName;
    private readonly SpanCollection _spans = new();
    private WebApplication? _api;

    [Fact]
    public async Task Health_asked_from_another_address_without_an_admin_key_is_refused_with_403()
    {
        using var client = await StartOnTheNetworkAsync();

        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("loopback", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_asked_from_another_address_with_an_admin_key_is_answered()
    {
        using var client = await StartOnTheNetworkAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add(ApiCredentials.ApiKeyHeader, TestApiKeys.Admin);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_asked_with_a_forged_forwarded_address_is_still_refused()
    {
        // As published, Aspire turns forwarded headers on; only loopback proxies are believed.
        using var client = await StartOnTheNetworkAsync(new() { ["FORWARDEDHEADERS_ENABLED"] = "true" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Health_asked_on_the_health_port_is_answered_from_any_address()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var client = await StartOnTheNetworkAsync(new() { ["Nebula:Health:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, port);

        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Alive_is_open_to_any_address()
    {
        using var client = await StartOnTheNetworkAsync();

        using var response = await client.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_request_with_an_api_key_continues_its_trace()
    {
        using var client = await StartTracedAsync();
        var parent = ActivityTraceId.CreateRandom();

        var span = await TraceOfAsync(client, parent, TestApiKeys.Reader, "/users/trace-key/recommendations");

        Assert.Equal(parent, span.TraceId);
    }

    [Fact]
    public async Task A_request_with_a_shopper_token_starts_a_trace_of_its_own()
    {
        using var client = await StartTracedAsync();
        var token = await TestApiKeys.MintShopperTokenAsync(client, "trace-shopper");
        var parent = ActivityTraceId.CreateRandom();

        var span = await TraceOfAsync(client, parent, token, "/users/trace-shopper/recommendations");

        Assert.NotEqual(parent, span.TraceId);
        Assert.Equal(default, span.ParentSpanId);
    }

    [Fact]
    public async Task Baggage_sent_by_a_client_is_dropped_even_with_an_api_key()
    {
        using var client = await StartTracedAsync();

        var span = await TraceOfAsync(client, ActivityTraceId.CreateRandom(), TestApiKeys.Reader, "/users/trace-baggage/recommendations", "nebula.tenant=forged");

        Assert.Empty(span.Baggage);
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }

    /// <summary>An Api listening on every interface, and a client that calls it on this machine's network address (not loopback).</summary>
    private async Task<HttpClient> StartOnTheNetworkAsync(Dictionary<string, string?>? settings = null, int port = 0)
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.SkipWhen(address is null, "This machine has no non-loopback IPv4 address to call the Api from.");
        _api = await InProcessServices.StartApiAsync(
            _contentRoot, await InProcessServices.SettingsAsync(fixture, settings ?? []), builder => builder.WebHost.UseUrls($"http://0.0.0.0:{port}"));
        var listening = new Uri(_api.Urls.First().Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
        await WaitUntilHealthyFromLoopbackAsync(listening);
        return new HttpClient { BaseAddress = new Uri($"http://{address}:{listening}") };
    }

    /// <summary>
    /// Until the new Api's dependency checks pass, asked from loopback (always allowed). These tests are about who may
    /// ask, not whether Redis is connected yet: in a loaded CI run the Api's first Redis connection attempt can fail and
    /// back off, and its first <c>/health</c> answered 503 in two runs.
    /// </summary>
    private static async Task WaitUntilHealthyFromLoopbackAsync(int port)
    {
        using var loopback = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < HealthPatience)
        {
            try
            {
                using var health = await loopback.GetAsync("/health", TestContext.Current.CancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)health.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The Api's dependencies were not healthy within {HealthPatience.TotalSeconds} s: {last}");
    }

    private async Task<HttpClient> StartTracedAsync()
    {
        _api = await InProcessServices.StartApiAsync(
            _contentRoot,
            await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>()),
            builder => builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(_spans)));
        return new HttpClient { BaseAddress = new Uri(_api.Urls.First()) };
    }

    private async Task<Activity> TraceOfAsync(HttpClient client, ActivityTraceId parent, string credential, string path, string? baggage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{parent}-{ActivitySpanId.CreateRandom()}-01");
        if (baggage is not null)
        {
            request.Headers.TryAddWithoutValidation("baggage", baggage);
        }

        request.Headers.Add(ApiCredentials.ApiKeyHeader, credential);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await _spans.WaitForAsync(
            s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == path, SpanPatience);
    }

}
