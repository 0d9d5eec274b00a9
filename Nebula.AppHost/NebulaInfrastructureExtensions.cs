using Nebula.Core.Contracts;
using Nebula.Hosting;
using Nebula.Hosting.Containers;
using Nebula.Hosting.Embedded;
using Nebula.Hosting.HealthChecks;

namespace Nebula.AppHost;

public static class NebulaInfrastructureExtensions
{
    /// <summary>The read-only Milvus user's password (a secret parameter) and its connection string resource.</summary>
    public const string MilvusReaderPasswordParameter = "milvus-reader-password";
    public const string MilvusReaderResource = "milvus-reader";

    /// <summary>The editing Milvus user's password (a secret parameter) and its connection string resource.</summary>
    public const string MilvusEditorPasswordParameter = "milvus-editor-password";
    public const string MilvusEditorResource = "milvus-editor";

    /// <summary>
    /// Kafka, Redis and Milvus: as containers, as Nebula's embedded servers when no container runtime answers, or as
    /// connection strings to infrastructure the user runs (external).
    /// </summary>
    public static NebulaInfrastructure AddNebulaInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var choice = builder.ChooseInfrastructureMode();
        var healthCheckTimeout = choice.Options.HealthCheckTimeout;
        if (choice.Mode == InfrastructureMode.External)
        {
            // Redis and Milvus are checked like the other modes' resources, so that the services wait for them and the
            // dashboard shows whether they answer. Kafka is not: a managed cluster's security settings (SASL, TLS) are
            // the services' client settings, not part of the connection string, so the AppHost could not connect.
            return new(
                choice,
                builder.AddConnectionString(ResourceNames.Kafka),
                builder.AddConnectionString(ResourceNames.Redis).WithRedisHealthCheck(healthCheckTimeout),
                builder.AddConnectionString(ResourceNames.Milvus).WithMilvusHealthCheck(healthCheckTimeout));
        }

        if (choice.Mode == InfrastructureMode.Embedded)
        {
            var dataDirectory = choice.DataDirectory(builder);
            return builder.WithMilvusUsers(
                choice,
                builder.AddEmbeddedKafka(ResourceNames.Kafka, healthCheckTimeout)
                    .WithTopic(Topics.Interactions, Topics.InteractionsPartitions)
                    .WithTopic(Topics.InteractionsDeadLetter, Topics.InteractionsPartitions),
                builder.AddEmbeddedRedis(ResourceNames.Redis, Path.Combine(dataDirectory, ResourceNames.Redis), healthCheckTimeout),
                builder.AddEmbeddedMilvus(ResourceNames.Milvus, Path.Combine(dataDirectory, ResourceNames.Milvus), healthCheckTimeout));
        }

        // The Api and the StreamWorker create their topics on a broker that can (embedded mode's cannot).
        return builder.WithMilvusUsers(
            choice,
            builder.AddRedpanda(ResourceNames.Kafka, healthCheckTimeout)
                .WithDataVolume(VolumeName(builder, ResourceNames.Kafka))
                .WithConsole(),
            builder.AddRedis(ResourceNames.Redis).WithDataVolume(VolumeName(builder, ResourceNames.Redis)).WithAppendOnlyFile(),
            builder.AddMilvus(ResourceNames.Milvus).WithDataVolume(VolumeName(builder, ResourceNames.Milvus)));
    }

    /// <summary>
    /// The infrastructure of a mode that starts Milvus, with the service users' secret passwords and connection strings
    /// (least privilege: the StreamWorker only reads Milvus, the Api also changes rows; root stays with the Embedder).
    /// </summary>
    private static NebulaInfrastructure WithMilvusUsers<TMilvus>(
        this IDistributedApplicationBuilder builder,
        InfrastructureChoice choice,
        IResourceBuilder<IResourceWithConnectionString> kafka,
        IResourceBuilder<IResourceWithConnectionString> redis,
        IResourceBuilder<TMilvus> milvus)
        where TMilvus : class, IMilvusServerResource
    {
        MilvusServiceUser User(string resource, string userName, string passwordParameter)
        {
            var password = builder.AddSecret(passwordParameter);
            return new(milvus.AddMilvusUser(resource, userName, password, choice.Options.HealthCheckTimeout), password);
        }

        return new(
            choice, kafka, redis, milvus,
            User(MilvusReaderResource, MilvusUsers.Reader, MilvusReaderPasswordParameter),
            User(MilvusEditorResource, MilvusUsers.Editor, MilvusEditorPasswordParameter));
    }

    /// <summary>
    /// A published volume's name is fixed (a cluster's claims cannot be renamed, and the generated name hashes the
    /// folder the AppHost was published from); a local one keeps Aspire's per-checkout name so that two checkouts
    /// on one machine do not share data.
    /// </summary>
    private static string? VolumeName(IDistributedApplicationBuilder builder, string resourceName) =>
        builder.ExecutionContext.IsPublishMode ? $"nebula-{resourceName}-data" : null;
}
