using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Nebula.Api.Extensions;
using Nebula.Api.Security;

namespace Nebula.IntegrationTests;

/// <summary>
/// Who may call what, on an Api hosted in this process against the AppHost's infrastructure, checked on every route:
/// no credential or a wrong one is 401, a key without the route's role or a shopper token for another user is 403,
/// an expired or tampered token is 401, each as a ProblemDetails saying why; a token for its own user is let through.
/// </summary>
public sealed class ApiAccessTests(EmbeddedAppHostFixture fixture) : IAsyncDisposable
{
    private const string Shopper = "access-shopper";
    private const string OtherShopper = "access-other";

    // An item id that is valid but not in the catalogue: a request let through answers 404 and publishes nothing.
    private const string NoSuchItem = "no-such-item";

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-access-").FullName;
    private WebApplication? _api;

    /// <summary>Every route with a credential-guarded answer: the role it needs and whether it names a user (so a shopper token is scoped).</summary>
    private static readonly ApiRoute[] Routes =
    [
        new("POST", "/interactions", ApiRoles.Ingest, true, $$"""{"userId":"{user}","itemId":"{{NoSuchItem}}","type":"view"}"""),
        new("POST", "/interactions/batch", ApiRoles.Ingest, true, $$"""{"events":[{"userId":"{user}","itemId":"{{NoSuchItem}}","type":"view"}]}"""),
        new("POST", "/interaction", ApiRoles.Ingest, true, $$"""{"user_id":"{user}","item_id":"{{NoSuchItem}}","event_type":"view"}"""),
        new("GET", "/users/{user}/recommendations", ApiRoles.Read, true),
        new("GET", "/users/{user}/profile", ApiRoles.Read, true),
        new("GET", "/users/{user}/recommendations/stream", ApiRoles.Read, true),
        new("GET", "/recommendations/{user}", ApiRoles.Read, true),
        new("GET", $"/items/{NoSuchItem}", ApiRoles.Read, false),
        new("GET", $"/items/{NoSuchItem}/similar", ApiRoles.Read, false),
        new("GET", "/items/search?q=beaker&k=1", ApiRoles.Read, false),
        new("GET", $"/similar_items/{NoSuchItem}", ApiRoles.Read, false),
        new("POST", "/tokens/shopper", ApiSecurityExtensions.MintTokensPolicy, false, """{"userId":"someone"}"""),
        // Privacy requests are the shop's, not the shopper's: no shopper token opens them, even for its own user.
        new("GET", "/users/{user}/export", ApiRoles.Admin, false),
        new("DELETE", "/users/{user}", ApiRoles.Admin, false),
        new("PUT", $"/items/{NoSuchItem}/hidden", ApiRoles.Admin, false),
        new("DELETE", $"/items/{NoSuchItem}/hidden", ApiRoles.Admin, false),
        new("PUT", $"/items/{NoSuchItem}", ApiRoles.Admin, false, """{"title":"A planted item"}"""),
        new("DELETE", $"/items/{NoSuchItem}", ApiRoles.Admin, false),
        // A key's, never a shopper token's: a token could take any guest's history into its own user.
        new("POST", "/users/{user}/merge", ApiRoles.Ingest, false, """{"from":"someone-else"}"""),
    ];

    [Fact]
    public async Task Every_route_without_a_credential_answers_401_saying_how_to_send_one()
    {
        using var client = await StartAsync();

        await AssertEveryRouteAsync(client, null, Shopper, HttpStatusCode.Unauthorized, "Authorization: Bearer");
    }

    [Fact]
    public async Task Every_route_with_a_wrong_key_answers_401()
    {
        using var client = await StartAsync();

        await AssertEveryRouteAsync(client, "not-a-key-0000000000000000000000000000000000", Shopper, HttpStatusCode.Unauthorized, "not valid");
    }

    [Fact]
    public async Task Every_route_with_a_key_that_lacks_its_role_answers_403_naming_the_role()
    {
        using var client = await StartAsync();
        var failures = new List<string>();
        foreach (var route in Routes.Where(r => r.Role != ApiSecurityExtensions.MintTokensPolicy))
        {
            var key = route.Role == ApiRoles.Ingest ? TestApiKeys.Reader : TestApiKeys.Ingester;
            await CheckAsync(client, route, key, Shopper, HttpStatusCode.Forbidden, $"'{route.Role}'", failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_route_that_names_a_user_refuses_a_shopper_token_for_another_user_with_403()
    {
        using var client = await StartAsync();
        var token = await TestApiKeys.MintShopperTokenAsync(client, OtherShopper);
        var failures = new List<string>();
        foreach (var route in Routes.Where(r => r.NamesUser))
        {
            await CheckAsync(client, route, token, Shopper, HttpStatusCode.Forbidden, $"'{OtherShopper}'", failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_route_that_names_a_user_lets_a_shopper_token_act_for_its_own_user()
    {
        using var client = await StartAsync();
        var token = await TestApiKeys.MintShopperTokenAsync(client, Shopper);
        var failures = new List<string>();
        foreach (var route in Routes.Where(r => r.NamesUser))
        {
            using var response = await SendAsync(client, route, token, Shopper);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)response.StatusCode >= 500)
            {
                failures.Add($"{route.Method} {route.Path}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_route_refuses_an_expired_shopper_token_with_401()
    {
        using var client = await StartAsync();
        var expired = new ShopperTokenCodec(Encoding.UTF8.GetBytes(TestApiKeys.ShopperTokenKey))
            .Mint(Shopper, [ApiRoles.Read, ApiRoles.Ingest], DateTimeOffset.UtcNow.AddSeconds(-1));

        await AssertEveryRouteAsync(client, expired, Shopper, HttpStatusCode.Unauthorized, "expired");
    }

    [Fact]
    public async Task Every_route_refuses_a_tampered_shopper_token_with_401()
    {
        using var client = await StartAsync();
        // The same token with another user's id in it and the original signature.
        var genuine = await TestApiKeys.MintShopperTokenAsync(client, Shopper);
        var forged = new ShopperTokenCodec(Encoding.UTF8.GetBytes("another-signing-key-000000000000000000000000"))
            .Mint(OtherShopper, [ApiRoles.Read, ApiRoles.Ingest], DateTimeOffset.UtcNow.AddHours(1));
        var tampered = string.Join('.', forged.Split('.')[..2].Append(genuine.Split('.')[2]));

        await AssertEveryRouteAsync(client, tampered, OtherShopper, HttpStatusCode.Unauthorized, "signature");
    }

    [Fact]
    public async Task A_shopper_token_cannot_export_or_forget_even_its_own_user()
    {
        using var client = await StartAsync();
        var token = await TestApiKeys.MintShopperTokenAsync(client, Shopper);
        var failures = new List<string>();

        foreach (var route in Routes.Where(r => r.Role == ApiRoles.Admin))
        {
            await CheckAsync(client, route, token, Shopper, HttpStatusCode.Forbidden, $"'{ApiRoles.Admin}'", failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task A_shopper_token_cannot_mint_tokens()
    {
        using var client = await StartAsync();
        var token = await TestApiKeys.MintShopperTokenAsync(client, Shopper);

        using var response = await SendAsync(client, Routes.Single(r => r.Path == "/tokens/shopper"), token, Shopper);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, null);
    }

    [Fact]
    public async Task A_key_cannot_give_a_token_a_role_it_does_not_carry()
    {
        using var client = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tokens/shopper")
        {
            Content = JsonContent.Create(new { userId = Shopper, roles = new[] { ApiRoles.Ingest } }),
        };
        request.Headers.Add(ApiCredentials.ApiKeyHeader, TestApiKeys.Reader);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, $"'{ApiRoles.Ingest}'");
    }

    [Fact]
    public async Task A_token_asked_for_longer_than_the_longest_lifetime_is_refused_with_400()
    {
        using var client = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tokens/shopper")
        {
            Content = JsonContent.Create(new { userId = Shopper, lifetimeSeconds = 8 * 24 * 3600 }),
        };
        request.Headers.Add(ApiCredentials.ApiKeyHeader, TestApiKeys.Admin);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "lifetimeSeconds");
    }

    [Fact]
    public async Task A_key_is_accepted_as_a_bearer_token_too()
    {
        using var client = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/users/{Shopper}/recommendations");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestApiKeys.Reader);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_declares_both_ways_to_send_a_credential()
    {
        using var client = await StartAsync();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(ApiCredentials.ApiKeyHeader, schemes.GetProperty(ApiOpenApiSecurity.SchemeName).GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty(ApiOpenApiSecurity.BearerSchemeName).GetProperty("scheme").GetString());
        Assert.Equal(2, document.GetProperty("security").GetArrayLength());
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }

    private async Task<HttpClient> StartAsync()
    {
        _api = await InProcessServices.StartApiAsync(_contentRoot, await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            // These tests send many requests without a key from one address; the per-address limit has its own test.
            ["Nebula:Api:RequestsPerSecondPerClient"] = "100000",
        }));
        return new HttpClient { BaseAddress = new Uri(_api.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    private static async Task AssertEveryRouteAsync(HttpClient client, string? credential, string user, HttpStatusCode expected, string detail)
    {
        var failures = new List<string>();
        foreach (var route in Routes)
        {
            await CheckAsync(client, route, credential, user, expected, detail, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static async Task CheckAsync(
        HttpClient client, ApiRoute route, string? credential, string user, HttpStatusCode expected, string detail, List<string> failures)
    {
        using var response = await SendAsync(client, route, credential, user);
        try
        {
            await AssertProblemAsync(response, expected, detail);
        }
        catch (Exception error) when (error is Xunit.Sdk.XunitException)
        {
            failures.Add($"{route.Method} {route.Path}: {error.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, ApiRoute route, string? credential, string user)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path.Replace("{user}", user, StringComparison.Ordinal));
        if (route.Body is { } body)
        {
            request.Content = new StringContent(body.Replace("{user}", user, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        }

        if (credential is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {credential}");
        }

        // A stream that is let through stays open: its headers are enough.
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? detail)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (detail is not null)
        {
            // A ValidationProblem says it in its errors, every other problem in its detail.
            Assert.Contains(detail, body, StringComparison.Ordinal);
        }
    }

    private sealed record ApiRoute(string Method, string Path, string Role, bool NamesUser, string? Body = null);
}
