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
            var embeddedKafka = builder.AddEmbeddedKafka(ResourceNames.Kafka, healthCheckTimeout)
                .WithTopic(Topics.Interactions, Topics.InteractionsPartitions)
                .WithTopic(Topics.InteractionsDeadLetter, Topics.InteractionsPartitions);
            var embeddedRedis = builder.AddEmbeddedRedis(ResourceNames.Redis, Path.Combine(dataDirectory, ResourceNames.Redis), healthCheckTimeout);
            var embeddedMilvus = builder.AddEmbeddedMilvus(ResourceNames.Milvus, Path.Combine(dataDirectory, ResourceNames.Milvus), healthCheckTimeout);
            var embeddedReaderPassword = builder.AddSecret(MilvusReaderPasswordParameter);
            return new(
                choice,
                embeddedKafka,
                embeddedRedis,
                embeddedMilvus,
                embeddedMilvus.AddMilvusReader(embeddedReaderPassword, healthCheckTimeout),
                embeddedReaderPassword);
        }

        // The Api and the StreamWorker create their topics on a broker that can (embedded mode's cannot).
        var kafka = builder.AddRedpanda(ResourceNames.Kafka, healthCheckTimeout)
            .WithDataVolume(VolumeName(builder, ResourceNames.Kafka))
            .WithConsole();
        var redis = builder.AddRedis(ResourceNames.Redis).WithDataVolume(VolumeName(builder, ResourceNames.Redis)).WithAppendOnlyFile();
        var milvus = builder.AddMilvus(ResourceNames.Milvus).WithDataVolume(VolumeName(builder, ResourceNames.Milvus));
        var readerPassword = builder.AddSecret(MilvusReaderPasswordParameter);
        return new(choice, kafka, redis, milvus, milvus.AddMilvusReader(readerPassword, healthCheckTimeout), readerPassword);
    }

    // Least privilege: the Api and the StreamWorker only read Milvus; root stays with the Embedder.
    private static IResourceBuilder<IResourceWithConnectionString> AddMilvusReader<T>(
        this IResourceBuilder<T> milvus, IResourceBuilder<ParameterResource> password, TimeSpan healthCheckTimeout)
        where T : IMilvusServerResource =>
        milvus.AddMilvusUser(MilvusReaderResource, MilvusUsers.Reader, password, healthCheckTimeout);

    /// <summary>
    /// A published volume's name is fixed (a cluster's claims cannot be renamed, and the generated name hashes the
    /// folder the AppHost was published from); a local one keeps Aspire's per-checkout name so that two checkouts
    /// on one machine do not share data.
    /// </summary>
    private static string? VolumeName(IDistributedApplicationBuilder builder, string resourceName) =>
        builder.ExecutionContext.IsPublishMode ? $"nebula-{resourceName}-data" : null;
}
