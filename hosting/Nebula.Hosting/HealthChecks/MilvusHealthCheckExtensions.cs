using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nebula.Milvus;

namespace Nebula.Hosting.HealthChecks;

/// <summary>Health of a Milvus resource, checked in the AppHost with Nebula's own Milvus client.</summary>
public static class MilvusHealthCheckExtensions
{
    /// <summary>Healthy when the server answers <c>collections/list</c> through the resource's connection string (which also proves the token).</summary>
    public static IResourceBuilder<T> WithMilvusHealthCheck<T>(this IResourceBuilder<T> builder, TimeSpan timeout)
        where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(builder);

        var resource = builder.Resource;
        var connectionString = ConnectionStringSource.WhenAvailable(builder);

        var key = $"{resource.Name}_milvus_check";
        // Keyed so that the container owns (and disposes) the one check and its client.
        builder.ApplicationBuilder.Services.AddKeyedSingleton(key, (_, _) => new DeferredMilvusHealthCheck(connectionString, timeout));
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            services => services.GetRequiredKeyedService<DeferredMilvusHealthCheck>(key),
            failureStatus: default,
            tags: null));
        return builder.WithHealthCheck(key);
    }

    /// <summary>The Milvus client's own health check, with one client created once the connection string is known.</summary>
    private sealed class DeferredMilvusHealthCheck(Func<string?> connectionString, TimeSpan timeout) : IHealthCheck, IDisposable
    {
        private MilvusClient? _client;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (_client is null)
            {
                if (connectionString() is not { } value)
                {
                    return HealthCheckResult.Unhealthy("Milvus has no address yet.");
                }

                var settings = new MilvusClientSettings { RequestTimeout = timeout, MaxRetries = 0, DisableMetrics = true, DisableTracing = true };
                settings.ParseConnectionString(value);
                var client = new MilvusClient(settings);
                if (Interlocked.CompareExchange(ref _client, client, null) is not null)
                {
                    // Another check got there first.
                    client.Dispose();
                }
            }

            return await new MilvusHealthCheck(_client).CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
        }

        public void Dispose() => _client?.Dispose();
    }
}
