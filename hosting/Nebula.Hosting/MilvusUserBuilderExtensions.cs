using Nebula.Hosting.HealthChecks;

namespace Nebula.Hosting;

/// <summary>Connection strings for Milvus users other than root.</summary>
public static class MilvusUserBuilderExtensions
{
    /// <summary>
    /// A connection string resource for <paramref name="userName"/> on <paramref name="server"/>; healthy once that user
    /// signs in and lists the collections, so that services waiting for it start only when the user exists (someone else,
    /// such as the Embedder, creates it).
    /// </summary>
    public static IResourceBuilder<ConnectionStringResource> AddMilvusUser<T>(
        this IResourceBuilder<T> server, [ResourceName] string name, string userName, IResourceBuilder<ParameterResource> password, TimeSpan healthCheckTimeout)
        where T : IMilvusServerResource
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(password);
        return server.ApplicationBuilder.AddConnectionString(name, server.Resource.ConnectionStringFor(userName, password.Resource))
            .WithMilvusHealthCheck(healthCheckTimeout);
    }
}
