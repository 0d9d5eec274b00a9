using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nebula.Kafka;

/// <summary>
/// Healthy when the cluster answers a metadata request with at least one broker. Metadata is the one
/// admin call that every Kafka-protocol broker we run serves, librdkafka's mock cluster included.
/// </summary>
public sealed class KafkaHealthCheck(ClientConfig clientConfig, TimeSpan timeout) : IHealthCheck, IDisposable
{
    private readonly Lazy<IAdminClient> _admin = new(() =>
        new AdminClientBuilder(new AdminClientConfig(new Dictionary<string, string>(clientConfig))
        {
            // One health probe must not hold a broker connection open for the default minute.
            SocketTimeoutMs = (int)timeout.TotalMilliseconds,
        }).SetLogHandler(static (_, _) => { }).Build());

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // GetMetadata blocks; keep it off the caller's thread.
            var metadata = await Task.Run(() => _admin.Value.GetMetadata(timeout), cancellationToken).ConfigureAwait(false);
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s)")
                : HealthCheckResult.Unhealthy("The cluster reported no brokers.");
        }
        catch (KafkaException error)
        {
            return HealthCheckResult.Unhealthy($"Kafka metadata request failed: {error.Error.Reason}", error);
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
