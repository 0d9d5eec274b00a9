using System.Net.Http.Json;
using System.Text.Json;
using Nebula.Api.Security;

namespace Nebula.IntegrationTests;

/// <summary>
/// The keys the tests' Apis accept: the AppHost's parameters (given, so that they are not generated) and the settings of
/// an Api hosted in the test, with one key per role for the tests of who may call what.
/// </summary>
internal static class TestApiKeys
{
    public const string Admin = "test-admin-key-0000000000000000000000000000";
    public const string Ui = "test-ui-key-000000000000000000000000000000000";
    public const string Reader = "test-read-key-00000000000000000000000000000";
    public const string Ingester = "test-ingest-key-000000000000000000000000000";
    public const string ShopperTokenKey = "test-shopper-token-key-0000000000000000000";

    /// <summary>The AppHost's three secret parameters.</summary>
    public static readonly string[] AppHostArguments =
    [
        $"--Parameters:api-key-admin={Admin}",
        $"--Parameters:api-key-ui={Ui}",
        $"--Parameters:shopper-token-key={ShopperTokenKey}",
    ];

    /// <summary>An in-process Api's keys: admin, read only, ingest only.</summary>
    public static readonly IReadOnlyDictionary<string, string?> ApiSettings = new Dictionary<string, string?>
    {
        [$"{ApiAccessOptions.SectionName}:Keys:admin:Secret"] = Admin,
        [$"{ApiAccessOptions.SectionName}:Keys:admin:Roles"] = ApiRoles.Admin,
        [$"{ApiAccessOptions.SectionName}:Keys:reader:Secret"] = Reader,
        [$"{ApiAccessOptions.SectionName}:Keys:reader:Roles"] = ApiRoles.Read,
        [$"{ApiAccessOptions.SectionName}:Keys:ingester:Secret"] = Ingester,
        [$"{ApiAccessOptions.SectionName}:Keys:ingester:Roles"] = ApiRoles.Ingest,
        [$"{ApiAccessOptions.SectionName}:ShopperTokenKey"] = ShopperTokenKey,
    };

    /// <summary>A client of the Api at <paramref name="address"/> that sends <paramref name="key"/> (the admin key unless told).</summary>
    public static HttpClient Client(string address, string key = Admin) => WithKey(new HttpClient { BaseAddress = new Uri(address) }, key);

    /// <summary>A shopper token for <paramref name="user"/>, minted with the admin key.</summary>
    public static async Task<string> MintShopperTokenAsync(HttpClient client, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tokens/shopper") { Content = JsonContent.Create(new { userId = user }) };
        request.Headers.Add(ApiCredentials.ApiKeyHeader, Admin);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("token").GetString()!;
    }

    public static HttpClient WithKey(HttpClient client, string key = Admin)
    {
        client.DefaultRequestHeaders.Add(ApiCredentials.ApiKeyHeader, key);
        return client;
    }
}
