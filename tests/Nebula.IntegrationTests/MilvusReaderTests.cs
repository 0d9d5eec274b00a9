using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.IntegrationTests;

/// <summary>
/// Least privilege inside: the Api and the StreamWorker, as the AppHost started them, sign in to Milvus as the read-only
/// user the Embedder created, who can read the catalogue and nothing more.
/// </summary>
public sealed class MilvusReaderTests(EmbeddedAppHostFixture fixture)
{
    private sealed record Row(string ItemId, float[] Vector);

    private async Task<MilvusClient> ClientAsTheServiceAsync(string service)
    {
        // The variables the running process was started with, as the orchestrator reports them.
        var running = await fixture.App.ResourceNotifications.WaitForResourceAsync(
            service, e => e.Snapshot.State?.Text == KnownResourceStates.Running, TestContext.Current.CancellationToken);
        var connection = Assert.Single(running.Snapshot.EnvironmentVariables, v => v.Name == "ConnectionStrings__milvus").Value;
        var settings = new MilvusClientSettings { MaxRetries = 0 };
        settings.ParseConnectionString(connection!);
        Assert.StartsWith(MilvusUsers.Reader + ":", settings.Key, StringComparison.Ordinal);
        return new MilvusClient(settings);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("streamworker")]
    public async Task A_service_that_only_reads_signs_in_as_the_reader_who_reads_the_catalog(string service)
    {
        using var milvus = await ClientAsTheServiceAsync(service);

        var rows = await milvus.QueryAsync("items", "itemId != \"\"", ["itemId"], limit: 3, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, rows.Count);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("streamworker")]
    public async Task The_reader_cannot_write_drop_or_manage_users(string service)
    {
        using var milvus = await ClientAsTheServiceAsync(service);
        var collection = await milvus.DescribeAliasAsync("items", TestContext.Current.CancellationToken) ?? "items";

        var upsert = await Assert.ThrowsAsync<MilvusException>(() => milvus.UpsertAsync("items", [new Row("planted", new float[384])], TestContext.Current.CancellationToken));
        var drop = await Assert.ThrowsAsync<MilvusException>(() => milvus.DropCollectionAsync(collection, TestContext.Current.CancellationToken));
        var user = await Assert.ThrowsAsync<MilvusException>(() => milvus.CreateUserAsync("intruder", "intruder-password", TestContext.Current.CancellationToken));

        Assert.All([upsert, drop, user], e => Assert.Equal(MilvusErrorCodes.PrivilegeNotPermitted, e.Code));
        Assert.Empty(await milvus.GetAsync("items", ["planted"], ["itemId"], TestContext.Current.CancellationToken));
        Assert.True(await milvus.HasCollectionAsync(collection, TestContext.Current.CancellationToken));
    }
}
