using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Nebula.Kafka;

namespace Nebula.Hosting.HealthChecks;

/// <summary>Health of a Kafka resource, checked in the AppHost as a client sees it.</summary>
public static class KafkaHealthCheckExtensions
{
    /// <summary>
    /// A Kafka-level health check: the resource is healthy when the broker answers a metadata request
    /// through its connection string, exactly as a client would connect.
    /// </summary>
    public static IResourceBuilder<T> WithKafkaHealthCheck<T>(this IResourceBuilder<T> builder, TimeSpan timeout)
        where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(builder);

        var resource = builder.Resource;
        var bootstrapServers = ConnectionStringSource.WhenAvailable(builder);

        // One check (and one admin client) per resource, created once the address is known.
        KafkaHealthCheck? check = null;
        var key = $"{resource.Name}_kafka_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new(
            key,
            _ => check ??= new KafkaHealthCheck(
                new ClientConfig
                {
                    BootstrapServers = bootstrapServers()
                        ?? throw new InvalidOperationException($"'{resource.Name}' has no connection string yet."),
                },
                timeout),
            failureStatus: default,
            tags: default));

        return builder.WithHealthCheck(key);
    }
}
