using Nebula.Core.Contracts;
using Nebula.Hosting;
using Nebula.Hosting.Containers;
using Nebula.Hosting.Embedded;

namespace Nebula.AppHost;

public static class NebulaInfrastructureExtensions
{
    /// <summary>Kafka, Redis and Milvus: as containers, or as Nebula's embedded servers when no container runtime answers.</summary>
    public static NebulaInfrastructure AddNebulaInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var choice = builder.ChooseInfrastructureMode();
        var healthCheckTimeout = choice.Options.HealthCheckTimeout;
        if (choice.Mode == InfrastructureMode.Embedded)
        {
            var dataDirectory = choice.DataDirectory(builder);
            return new(
                choice,
                builder.AddEmbeddedKafka(ResourceNames.Kafka, healthCheckTimeout)
                    .WithTopic(Topics.Interactions, Topics.InteractionsPartitions)
                    .WithTopic(Topics.InteractionsDeadLetter, Topics.InteractionsPartitions),
                builder.AddEmbeddedRedis(ResourceNames.Redis, Path.Combine(dataDirectory, ResourceNames.Redis), healthCheckTimeout),
                builder.AddEmbeddedMilvus(ResourceNames.Milvus, Path.Combine(dataDirectory, ResourceNames.Milvus), healthCheckTimeout));
        }

        return new(
            choice,
            builder.AddRedpanda(ResourceNames.Kafka, healthCheckTimeout)
                .WithTopic(Topics.Interactions, Topics.InteractionsPartitions)
                .WithTopic(Topics.InteractionsDeadLetter, Topics.InteractionsPartitions)
                .WithConsole(),
            builder.AddRedis(ResourceNames.Redis).WithDataVolume(),
            builder.AddMilvus(ResourceNames.Milvus).WithDataVolume());
    }
}
