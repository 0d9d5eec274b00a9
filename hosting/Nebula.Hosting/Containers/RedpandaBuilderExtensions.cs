using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nebula.Hosting.HealthChecks;

namespace Nebula.Hosting.Containers;

/// <summary>Redpanda, the Kafka-protocol broker of containers mode, and its console.</summary>
public static partial class RedpandaBuilderExtensions
{
    /// <summary>Redpanda in dev-container mode, ready when its admin API says so and a Kafka client gets metadata.</summary>
    public static IResourceBuilder<RedpandaResource> AddRedpanda(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, TimeSpan healthCheckTimeout, int? hostPort = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var redpanda = new RedpandaResource(name);
        return builder.AddResource(redpanda)
            .WithImage(RedpandaContainerImageTags.Image, RedpandaContainerImageTags.Tag)
            .WithImageRegistry(RedpandaContainerImageTags.Registry)
            .WithEndpoint(port: hostPort, targetPort: RedpandaResource.KafkaTargetPort, name: RedpandaResource.KafkaEndpointName)
            .WithEndpoint(targetPort: RedpandaResource.InternalTargetPort, name: RedpandaResource.InternalEndpointName)
            .WithHttpEndpoint(targetPort: RedpandaResource.AdminTargetPort, name: RedpandaResource.AdminEndpointName)
            .WithArgs(context =>
            {
                var advertised = context.ExecutionContext.IsRunMode
                    // Host processes reach the published port on localhost; containers reach the resource by name.
                    ? ReferenceExpression.Create(
                        $"internal://{redpanda.Name}:{RedpandaResource.InternalTargetPort.ToString(System.Globalization.CultureInfo.InvariantCulture)},external://localhost:{redpanda.KafkaEndpoint.Property(EndpointProperty.Port)}")
                    : ReferenceExpression.Create(
                        $"internal://{redpanda.InternalEndpoint.Property(EndpointProperty.HostAndPort)},external://{redpanda.KafkaEndpoint.Property(EndpointProperty.HostAndPort)}");

                context.Args.Add("redpanda");
                context.Args.Add("start");
                context.Args.Add("--mode");
                context.Args.Add("dev-container");
                context.Args.Add("--smp");
                context.Args.Add("1");
                context.Args.Add("--kafka-addr");
                context.Args.Add($"internal://0.0.0.0:{RedpandaResource.InternalTargetPort},external://0.0.0.0:{RedpandaResource.KafkaTargetPort}");
                context.Args.Add("--advertise-kafka-addr");
                context.Args.Add(advertised);
            })
            // The admin API turns ready before the Kafka listener accepts clients, so check both.
            .WithHttpHealthCheck("/v1/status/ready", endpointName: RedpandaResource.AdminEndpointName)
            .WithKafkaHealthCheck(healthCheckTimeout);
    }

    /// <summary>
    /// Creates <paramref name="topic"/> once the broker is ready, so that containers mode has the same
    /// partitioning as embedded mode instead of the broker's auto-created default.
    /// </summary>
    public static IResourceBuilder<RedpandaResource> WithTopic(
        this IResourceBuilder<RedpandaResource> builder, string topic, int partitions)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.OnResourceReady(async (redpanda, ready, cancellationToken) =>
        {
            var bootstrapServers = await ((IResourceWithConnectionString)redpanda).GetConnectionStringAsync(cancellationToken).ConfigureAwait(false);
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
            var logger = ready.Services.GetRequiredService<ResourceLoggerService>().GetLogger(redpanda);
            try
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }])
                    .ConfigureAwait(false);
                LogTopicCreated(logger, topic, partitions);
            }
            catch (CreateTopicsException error) when (error.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
            {
                // A kept volume or an earlier run already made it.
            }
        });

        return builder;
    }

    /// <summary>
    /// Adds Redpanda Console, a web UI for topics, messages and consumer groups, reaching the broker over the
    /// container network. A development aid: it is not deployed.
    /// </summary>
    public static IResourceBuilder<RedpandaResource> WithConsole(this IResourceBuilder<RedpandaResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var redpanda = builder.Resource;
        builder.ApplicationBuilder.AddContainer($"{redpanda.Name}-console", RedpandaContainerImageTags.ConsoleImage, RedpandaContainerImageTags.ConsoleTag)
            .WithImageRegistry(RedpandaContainerImageTags.Registry)
            .WithHttpEndpoint(targetPort: RedpandaContainerImageTags.ConsoleTargetPort, name: "http")
            .WithEnvironment("KAFKA_BROKERS", $"{redpanda.Name}:{RedpandaResource.InternalTargetPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
            .WithParentRelationship(builder)
            .WaitFor(builder)
            .ExcludeFromManifest();
        return builder;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created topic '{Topic}' with {Partitions} partitions.")]
    private static partial void LogTopicCreated(ILogger logger, string topic, int partitions);
}
