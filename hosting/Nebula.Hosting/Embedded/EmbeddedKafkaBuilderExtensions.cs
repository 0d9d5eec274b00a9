using System.Globalization;
using Nebula.Hosting.HealthChecks;

namespace Nebula.Hosting.Embedded;

/// <summary>The embedded Kafka broker (librdkafka's mock cluster, process Nebula.EmbeddedKafka).</summary>
public static class EmbeddedKafkaBuilderExtensions
{
    /// <summary>Adds the embedded broker, healthy when it answers a metadata request.</summary>
    public static IResourceBuilder<EmbeddedKafkaResource> AddEmbeddedKafka(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, TimeSpan healthCheckTimeout)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var resource = new EmbeddedKafkaResource(name, EmbeddedServerProgram.Kafka.Directory);
        return builder.AddEmbeddedServer(
                resource, EmbeddedServerProgram.Kafka, EmbeddedKafkaResource.SettingsSection, EmbeddedKafkaResource.EndpointName, "tcp")
            .WithIconName("ArrowSwap")
            // Evaluated at each start, so that topics added after the model was built are created too.
            .WithArgs(context =>
            {
                foreach (var (topic, partitions) in resource.Topics)
                {
                    context.Args.Add(string.Create(CultureInfo.InvariantCulture, $"--{EmbeddedKafkaResource.SettingsSection}:Topics:{topic}={partitions}"));
                }
            })
            .WithKafkaHealthCheck(healthCheckTimeout);
    }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions when the broker starts.</summary>
    public static IResourceBuilder<EmbeddedKafkaResource> WithTopic(this IResourceBuilder<EmbeddedKafkaResource> builder, string topic, int partitions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.AddTopic(topic, partitions);
        return builder;
    }

    /// <summary>
    /// Consumer settings for a service that consumes from the embedded broker. It keeps a departed member until its
    /// session times out (45 s by default), so a restarted consumer would wait that long for its partitions; and it
    /// answers a fetch on an empty partition only after the fetch's whole wait (500 ms by default), even when events
    /// arrive meanwhile, which a real broker does not: a short wait keeps an idle consumer's first event fresh.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithEmbeddedKafkaConsumerSettings(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (setting, value) in EmbeddedKafkaConsumerSettings.All)
        {
            builder.WithEnvironment($"Aspire__Confluent__Kafka__Consumer__Config__{setting}", value.ToString(CultureInfo.InvariantCulture));
        }

        return builder;
    }
}
