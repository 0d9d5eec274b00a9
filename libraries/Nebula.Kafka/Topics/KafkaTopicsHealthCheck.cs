using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nebula.Kafka.Topics;

/// <summary>Unhealthy until the application's topics have been found or created.</summary>
internal sealed class KafkaTopicsHealthCheck(KafkaTopics topics, IReadOnlyList<string> names) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(topics.IsReady
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, $"Topics {string.Join(", ", names)} not checked yet: the broker has not answered."));
}
