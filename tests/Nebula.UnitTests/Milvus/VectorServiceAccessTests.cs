using Nebula.Milvus;
using Nebula.Milvus.Access;
using Nebula.VectorService;

namespace Nebula.UnitTests.Milvus;

/// <summary>The embedded vector service's users and roles beyond the shared contract: Milvus' status codes, persistence, aliases, refusals.</summary>
public sealed class VectorServiceAccessTests : IDisposable
{
    private const string RootToken = "root:t0ps3cret";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nebula-vector-access-" + Guid.NewGuid().ToString("N")[..8]);

    private sealed record Row(string ItemId, float[] Vector);

    private static readonly MilvusCollectionSchema Schema = new(
    [
        new MilvusField("itemId", MilvusDataTypes.VarChar) { IsPrimary = true, ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 64 } },
        new MilvusField("vector", MilvusDataTypes.FloatVector) { ElementTypeParams = new Dictionary<string, int> { ["dim"] = 2 } },
    ]);

    private static readonly MilvusIndex Index = new("vector", "vector", "COSINE", new Dictionary<string, object> { ["index_type"] = "HNSW" });

    private static readonly MilvusUserSpec Reader = new("reader", "reader-password", "read", [new("Collection", "*", "Search"), new("Collection", "*", "Query")]);

    private Task<VectorServer> StartAsync() =>
        VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = _directory, Token = RootToken }, TestContext.Current.CancellationToken);

    private static MilvusClient Root(VectorServer server) => new(new MilvusClientSettings { Endpoint = server.Endpoint, Key = RootToken, MaxRetries = 0 });

    private static async Task CreateWithRowAsync(MilvusClient root, string name)
    {
        await root.CreateCollectionAsync(name, Schema, [Index], TestContext.Current.CancellationToken);
        await root.UpsertAsync(name, [new Row("a", [1, 0])], TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_call_the_users_roles_do_not_permit_gets_403_with_code_1401()
    {
        using var server = await StartAsync();
        using var root = Root(server);
        await CreateWithRowAsync(root, "items");
        await root.EnsureUserAsync(Reader, TestContext.Current.CancellationToken);
        using var reader = root.ForUser(Reader.UserName, Reader.Password);

        var error = await Assert.ThrowsAsync<MilvusException>(() => reader.UpsertAsync("items", [new Row("b", [0, 1])], TestContext.Current.CancellationToken));

        Assert.Equal(403, error.HttpStatus);
        Assert.Equal(MilvusErrorCodes.PrivilegeNotPermitted, error.Code);
        Assert.Equal(1, await root.GetRowCountAsync("items", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_wrong_password_gets_401_with_code_1800()
    {
        using var server = await StartAsync();
        using var root = Root(server);
        await root.EnsureUserAsync(Reader, TestContext.Current.CancellationToken);
        using var guesser = root.ForUser(Reader.UserName, "not-the-password");

        var error = await Assert.ThrowsAsync<MilvusException>(() => guesser.ListCollectionsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(401, error.HttpStatus);
        Assert.Equal(MilvusErrorCodes.NotAuthenticated, error.Code);
    }

    [Fact]
    public async Task Users_roles_and_grants_survive_a_restart()
    {
        using (var server = await StartAsync())
        using (var root = Root(server))
        {
            await CreateWithRowAsync(root, "items");
            await root.EnsureUserAsync(Reader, TestContext.Current.CancellationToken);
        }

        using var restarted = await StartAsync();
        using var again = Root(restarted);
        using var reader = again.ForUser(Reader.UserName, Reader.Password);

        Assert.Single(await reader.GetAsync("items", ["a"], ["itemId"], TestContext.Current.CancellationToken));
        Assert.Empty(await again.EnsureUserAsync(Reader, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_grant_on_a_collection_covers_calls_through_its_alias_and_no_other_collection()
    {
        using var server = await StartAsync();
        using var root = Root(server);
        await CreateWithRowAsync(root, "items_v1");
        await CreateWithRowAsync(root, "other");
        await root.CreateAliasAsync("items", "items_v1", TestContext.Current.CancellationToken);
        await root.EnsureUserAsync(Reader with { Grants = [new("Collection", "items_v1", "Query")] }, TestContext.Current.CancellationToken);
        using var reader = root.ForUser(Reader.UserName, Reader.Password);

        Assert.Single(await reader.GetAsync("items", ["a"], ["itemId"], TestContext.Current.CancellationToken));
        var error = await Assert.ThrowsAsync<MilvusException>(() => reader.GetAsync("other", ["a"], ["itemId"], TestContext.Current.CancellationToken));
        Assert.Equal(MilvusErrorCodes.PrivilegeNotPermitted, error.Code);
    }

    [Fact]
    public async Task A_privilege_milvus_does_not_have_cannot_be_granted()
    {
        using var server = await StartAsync();
        using var root = Root(server);
        await root.CreateRoleAsync("typo", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<MilvusException>(() => root.GrantPrivilegeAsync("typo", new("Collection", "*", "search"), TestContext.Current.CancellationToken));

        Assert.Equal(MilvusErrorCodes.InvalidParameter, error.Code);
        Assert.Empty(await root.DescribeRoleAsync("typo", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_dropped_user_no_longer_signs_in_even_after_signing_in_before()
    {
        using var server = await StartAsync();
        using var root = Root(server);
        await root.EnsureUserAsync(Reader, TestContext.Current.CancellationToken);
        using var reader = root.ForUser(Reader.UserName, Reader.Password);
        await reader.ListCollectionsAsync(TestContext.Current.CancellationToken);

        await root.DropUserAsync(Reader.UserName, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<MilvusException>(() => reader.ListCollectionsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(MilvusErrorCodes.NotAuthenticated, error.Code);
    }

    [Fact]
    public async Task The_root_user_cannot_be_dropped()
    {
        using var server = await StartAsync();
        using var root = Root(server);

        await Assert.ThrowsAsync<MilvusException>(() => root.DropUserAsync("root", TestContext.Current.CancellationToken));

        Assert.Contains("root", await root.ListUsersAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_user_may_change_their_own_password_without_any_grant()
    {
        using var server = await StartAsync();
        using var root = Root(server);
        await root.CreateUserAsync("plain", "first-password", TestContext.Current.CancellationToken);
        using var plain = root.ForUser("plain", "first-password");

        using (var http = new HttpClient { BaseAddress = server.Endpoint })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", "plain:first-password");
            using var reply = await http.PostAsync("v2/vectordb/users/update_password",
                new StringContent("""{"userName":"plain","password":"first-password","newPassword":"second-password"}""", System.Text.Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
            Assert.Contains("\"code\":0", await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        using var renewed = root.ForUser("plain", "second-password");
        await renewed.ListCollectionsAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<MilvusException>(() => plain.ListCollectionsAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
