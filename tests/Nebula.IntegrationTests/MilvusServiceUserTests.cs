using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.IntegrationTests;

/// <summary>
/// Least privilege inside: the StreamWorker, as the AppHost started it, signs in to Milvus as the read-only user the
/// Embedder created, who can read the catalogue and nothing more; the Api as the editor, who can also change rows (its
/// admin routes upsert and delete one item) but can neither drop a collection nor manage users.
/// </summary>
public sealed class MilvusServiceUserTests(EmbeddedAppHostFixture fixture)
{
    private sealed record Row(string ItemId, float[] Vector);

    private async Task<MilvusClient> ClientAsTheServiceAsync(string service, string userName)
    {
        // The variables the running process was started with, as the orchestrator reports them.
        var running = await fixture.App.ResourceNotifications.WaitForResourceAsync(
            service, e => e.Snapshot.State?.Text == KnownResourceStates.Running, TestContext.Current.CancellationToken);
        var connection = Assert.Single(running.Snapshot.EnvironmentVariables, v => v.Name == "ConnectionStrings__milvus").Value;
        var settings = new MilvusClientSettings { MaxRetries = 0 };
        settings.ParseConnectionString(connection!);
        Assert.StartsWith(userName + ":", settings.Key, StringComparison.Ordinal);
        return new MilvusClient(settings);
    }

    [Theory]
    [InlineData("api", MilvusUsers.Editor)]
    [InlineData("streamworker", MilvusUsers.Reader)]
    public async Task A_service_signs_in_as_its_own_user_who_reads_the_catalog(string service, string userName)
    {
        using var milvus = await ClientAsTheServiceAsync(service, userName);

        var rows = await milvus.QueryAsync("items", "itemId != \"\"", ["itemId"], limit: 3, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task The_reader_cannot_write_drop_or_manage_users()
    {
        using var milvus = await ClientAsTheServiceAsync("streamworker", MilvusUsers.Reader);
        var collection = await milvus.DescribeAliasAsync("items", TestContext.Current.CancellationToken) ?? "items";

        var upsert = await Assert.ThrowsAsync<MilvusException>(() => milvus.UpsertAsync("items", [new Row("planted", new float[384])], TestContext.Current.CancellationToken));
        var drop = await Assert.ThrowsAsync<MilvusException>(() => milvus.DropCollectionAsync(collection, TestContext.Current.CancellationToken));
        var user = await Assert.ThrowsAsync<MilvusException>(() => milvus.CreateUserAsync("intruder", "intruder-password", TestContext.Current.CancellationToken));

        Assert.All([upsert, drop, user], e => Assert.Equal(MilvusErrorCodes.PrivilegeNotPermitted, e.Code));
        Assert.Empty(await milvus.GetAsync("items", ["planted"], ["itemId"], TestContext.Current.CancellationToken));
        Assert.True(await milvus.HasCollectionAsync(collection, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_editor_changes_rows_but_cannot_drop_or_manage_users()
    {
        using var milvus = await ClientAsTheServiceAsync("api", MilvusUsers.Editor);
        var collection = await milvus.DescribeAliasAsync("items", TestContext.Current.CancellationToken) ?? "items";
        var vector = new float[384];
        vector[0] = 1;

        await milvus.UpsertAsync("items", [new ItemRow("planted-by-editor", vector, "Planted", null, [], null, null, "planted")], TestContext.Current.CancellationToken);
        var planted = await milvus.GetAsync("items", ["planted-by-editor"], ["itemId"], TestContext.Current.CancellationToken);
        await milvus.DeleteAsync("items", MilvusFilter.Equal("itemId", "planted-by-editor"), TestContext.Current.CancellationToken);
        var drop = await Assert.ThrowsAsync<MilvusException>(() => milvus.DropCollectionAsync(collection, TestContext.Current.CancellationToken));
        var user = await Assert.ThrowsAsync<MilvusException>(() => milvus.CreateUserAsync("intruder", "intruder-password", TestContext.Current.CancellationToken));

        Assert.Single(planted);
        Assert.Empty(await milvus.GetAsync("items", ["planted-by-editor"], ["itemId"], TestContext.Current.CancellationToken));
        Assert.All([drop, user], e => Assert.Equal(MilvusErrorCodes.PrivilegeNotPermitted, e.Code));
        Assert.True(await milvus.HasCollectionAsync(collection, TestContext.Current.CancellationToken));
    }
}
