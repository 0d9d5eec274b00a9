using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nebula.Milvus;

/// <summary>Healthy when the server answers <c>collections/list</c> with code 0 (which also proves the token).</summary>
public sealed class MilvusHealthCheck(MilvusClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var collections = await client.ListCollectionsAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{collections.Count} collection(s)");
        }
        catch (Exception e) when (e is MilvusException or HttpRequestException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Milvus at {client.Endpoint} did not answer: {e.Message}", e);
        }
    }
}
