using Nebula.Hosting.HealthChecks;

namespace Nebula.Hosting.Containers;

/// <summary>Redpanda, the Kafka-protocol broker of containers mode, and its console.</summary>
public static class RedpandaBuilderExtensions
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
                context.Args.Add("redpanda");
                context.Args.Add("start");
                context.Args.Add("--mode=dev-container");
                // One '--key=value' string: a lone "1" would reach a Kubernetes manifest as the integer 1.
                context.Args.Add("--smp=1");
                context.Args.Add($"--kafka-addr=internal://0.0.0.0:{Port(RedpandaResource.InternalTargetPort)},external://0.0.0.0:{Port(RedpandaResource.KafkaTargetPort)}");
                context.Args.Add(context.ExecutionContext.IsRunMode
                    // Host processes reach the published port on localhost; containers reach the resource by name.
                    ? ReferenceExpression.Create(
                        $"--advertise-kafka-addr=internal://{redpanda.Name}:{Port(RedpandaResource.InternalTargetPort)},external://localhost:{redpanda.KafkaEndpoint.Property(EndpointProperty.Port)}")
                    // On a cluster every client reaches the broker through its Service, named after the resource, so
                    // both listeners advertise that name. A literal string: deployment tools do not resolve
                    // expressions inside an argument list.
                    : $"--advertise-kafka-addr=internal://{redpanda.Name}:{Port(RedpandaResource.InternalTargetPort)},external://{redpanda.Name}:{Port(RedpandaResource.KafkaTargetPort)}");
            })
            // The admin API turns ready before the Kafka listener accepts clients, so check both.
            .WithHttpHealthCheck("/v1/status/ready", endpointName: RedpandaResource.AdminEndpointName)
            .WithKafkaHealthCheck(healthCheckTimeout);
    }

    /// <summary>Keeps the broker's log in a named volume, so that events (and so a worker's replay) survive a restart.</summary>
    public static IResourceBuilder<RedpandaResource> WithDataVolume(this IResourceBuilder<RedpandaResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), RedpandaResource.DataPath);
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
            .WithEnvironment("KAFKA_BROKERS", $"{redpanda.Name}:{Port(RedpandaResource.InternalTargetPort)}")
            .WithParentRelationship(builder)
            .WaitFor(builder)
            .ExcludeFromManifest();
        return builder;
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

}
