using Microsoft.Extensions.Options;
using Nebula.Milvus;
using Nebula.Milvus.Access;

namespace Nebula.Embedder.Access;

/// <summary>
/// Keeps the read-only Milvus user the Api and the StreamWorker sign in as: a role holding only what they call (search,
/// get by id, the alias and collection metadata) on every collection, so that a leaked connection string cannot write,
/// drop or read users. Every collection (<c>*</c>), because a reload with <c>--recreate</c> makes a new one behind the alias.
/// </summary>
internal sealed partial class ReaderAccess(MilvusClient milvus, IOptions<ReaderAccessOptions> options, ILogger<ReaderAccess> logger)
{
    /// <summary>What the reader's role holds: the Api's and the StreamWorker's calls, and their health check's.</summary>
    public static readonly IReadOnlyList<MilvusGrant> Grants =
    [
        new(MilvusGrant.Collection, MilvusGrant.Every, "Search"),
        // entities/get is a query in Milvus' privilege model.
        new(MilvusGrant.Collection, MilvusGrant.Every, "Query"),
        new(MilvusGrant.Global, MilvusGrant.Every, "DescribeAlias"),
        new(MilvusGrant.Global, MilvusGrant.Every, "DescribeCollection"),
        // The health check lists the collections.
        new(MilvusGrant.Global, MilvusGrant.Every, "ShowCollections"),
    ];

    /// <summary>Creates or corrects the reader; false (with the reason logged) when Milvus refused.</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Password is null)
        {
            LogNoReader(logger);
            return true;
        }

        try
        {
            var changes = await milvus.EnsureUserAsync(new MilvusUserSpec(settings.UserName, settings.Password, settings.RoleName, Grants), cancellationToken);
            LogReader(logger, settings.UserName, changes.Count == 0 ? "already as it should be" : string.Join("; ", changes));
            return true;
        }
        catch (Exception e) when (e is MilvusException or HttpRequestException or TimeoutException)
        {
            LogFailure(logger, settings.UserName, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No read-only Milvus user to keep (no Nebula:Embedder:Reader:Password); the services use the connection string they are given")]
    private static partial void LogNoReader(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read-only Milvus user {UserName}: {Changes}")]
    private static partial void LogReader(ILogger logger, string userName, string changes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not set up the read-only Milvus user {UserName}: {Reason}")]
    private static partial void LogFailure(ILogger logger, string userName, string reason);
}
