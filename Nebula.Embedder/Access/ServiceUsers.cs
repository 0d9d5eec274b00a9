using Microsoft.Extensions.Options;
using Nebula.Milvus;
using Nebula.Milvus.Access;

namespace Nebula.Embedder.Access;

/// <summary>
/// Keeps the Milvus users the services sign in as, each with one role holding only what that service calls, on every
/// collection (<c>*</c>, because a reload with <c>--recreate</c> makes a new one behind the alias):
/// <list type="bullet">
/// <item>the reader (the StreamWorker): search, get by id, the alias and collection metadata;</item>
/// <item>the editor (the Api): the reader's privileges, and upserts and deletes of rows for the admin routes that change one item.</item>
/// </list>
/// Neither can create or drop a collection or read users, so a leaked connection string cannot.
/// </summary>
internal sealed partial class ServiceUsers(MilvusClient milvus, IOptionsMonitor<ServiceUserOptions> options, ILogger<ServiceUsers> logger)
{
    /// <summary>What the reader's role holds: the StreamWorker's calls, and its health check's.</summary>
    public static readonly IReadOnlyList<MilvusGrant> ReaderGrants =
    [
        new(MilvusGrant.Collection, MilvusGrant.Every, "Search"),
        // entities/get is a query in Milvus' privilege model.
        new(MilvusGrant.Collection, MilvusGrant.Every, "Query"),
        new(MilvusGrant.Global, MilvusGrant.Every, "DescribeAlias"),
        new(MilvusGrant.Global, MilvusGrant.Every, "DescribeCollection"),
        // The health check lists the collections.
        new(MilvusGrant.Global, MilvusGrant.Every, "ShowCollections"),
    ];

    /// <summary>What the editor's role holds: the reader's privileges, and row upserts and deletes.</summary>
    public static readonly IReadOnlyList<MilvusGrant> EditorGrants =
    [
        .. ReaderGrants,
        new(MilvusGrant.Collection, MilvusGrant.Every, "Upsert"),
        new(MilvusGrant.Collection, MilvusGrant.Every, "Delete"),
    ];

    /// <summary>Creates or corrects both users; false (with the reason logged) when Milvus refused.</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken) =>
        await EnsureAsync(ServiceUserOptions.Reader, "Read-only", ReaderGrants, cancellationToken)
        && await EnsureAsync(ServiceUserOptions.Editor, "Editing", EditorGrants, cancellationToken);

    private async Task<bool> EnsureAsync(string name, string kind, IReadOnlyList<MilvusGrant> grants, CancellationToken cancellationToken)
    {
        var settings = options.Get(name);
        if (settings.Password is null)
        {
            LogNoUser(logger, kind, name);
            return true;
        }

        try
        {
            var changes = await milvus.EnsureUserAsync(new MilvusUserSpec(settings.UserName, settings.Password, settings.RoleName, grants), cancellationToken);
            LogUser(logger, kind, settings.UserName, changes.Count == 0 ? "already as it should be" : string.Join("; ", changes));
            return true;
        }
        catch (Exception e) when (e is MilvusException or HttpRequestException or TimeoutException)
        {
            LogFailure(logger, kind, settings.UserName, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No {Kind} Milvus user to keep (no Nebula:Embedder:{Name}:Password); the services use the connection string they are given")]
    private static partial void LogNoUser(ILogger logger, string kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} Milvus user {UserName}: {Changes}")]
    private static partial void LogUser(ILogger logger, string kind, string userName, string changes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not set up the {Kind} Milvus user {UserName}: {Reason}")]
    private static partial void LogFailure(ILogger logger, string kind, string userName, string reason);
}
