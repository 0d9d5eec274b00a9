using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Garnet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Nebula.AppHost.Infrastructure.Embedded.VectorService;
using Nebula.Core.Milvus;

namespace Nebula.AppHost.Infrastructure.Embedded;

public static class EmbeddedInfrastructureExtensions
{
    /// <summary>Adds librdkafka's mock cluster, hosted in the AppHost process, as a Kafka resource.</summary>
    public static IResourceBuilder<EmbeddedKafkaResource> AddEmbeddedKafka(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, EmbeddedKafkaOptions options, TimeSpan healthCheckTimeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        return builder.AddResource(new EmbeddedKafkaResource(name))
            .WithIconName("ArrowSwap")
            .WithKafkaHealthCheck(healthCheckTimeout)
            .WithEmbeddedLifecycle("EmbeddedKafka", "librdkafka mock cluster", (resource, _, _) =>
            {
                var cluster = new LibrdkafkaMockCluster(options.Brokers);
                try
                {
                    foreach (var (topic, partitions) in resource.Topics)
                    {
                        cluster.CreateTopic(topic, partitions);
                    }

                    cluster.SetGroupInitialRebalanceDelay(options.GroupInitialRebalanceDelay);
                }
                catch
                {
                    cluster.Dispose();
                    throw;
                }

                resource.BootstrapServers.Set(cluster.BootstrapServers);
                return Task.FromResult(new EmbeddedResourceLifecycle.Started(cluster,
                [
                    new("kafka.bootstrap.servers", cluster.BootstrapServers),
                    new("kafka.topics", string.Join(", ", resource.Topics.Select(t => $"{t.Key} ({t.Value} partitions)"))),
                ]));
            });
    }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions when the cluster starts.</summary>
    public static IResourceBuilder<EmbeddedKafkaResource> WithTopic(
        this IResourceBuilder<EmbeddedKafkaResource> builder, string topic, int partitions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        builder.Resource.AddTopic(topic, partitions);
        return builder;
    }

    /// <summary>Adds Microsoft Garnet, hosted in the AppHost process, as a Redis resource.</summary>
    public static IResourceBuilder<EmbeddedRedisResource> AddEmbeddedRedis(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataDirectory, EmbeddedRedisOptions options, TimeSpan healthCheckTimeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        var resource = new EmbeddedRedisResource(name, dataDirectory);
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, cancellationToken) =>
            connectionString = await ((IResourceWithConnectionString)resource).GetConnectionStringAsync(cancellationToken).ConfigureAwait(false));

        var healthCheckKey = $"{name}_redis_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException($"'{name}' has not started yet."),
            name: healthCheckKey,
            timeout: healthCheckTimeout);

        return builder.AddResource(resource)
            .WithIconName("Database")
            .WithHealthCheck(healthCheckKey)
            .WithEmbeddedLifecycle("EmbeddedRedis", "Microsoft Garnet", (redis, initialize, _) =>
            {
                Directory.CreateDirectory(redis.DataDirectory);
                var port = FreeLoopbackPort();
                string[] arguments =
                [
                    "--bind", IPAddress.Loopback.ToString(),
                    "--port", port.ToString(CultureInfo.InvariantCulture),
                    "--memory", options.LogMemory,
                    "--index", options.IndexMemory,
                    // Durability between runs: an append-only file under the AppHost's data folder, replayed at start.
                    "--aof", "--aof-commit-freq", options.AofCommitFrequencyMs.ToString(CultureInfo.InvariantCulture),
                    "--checkpointdir", redis.DataDirectory,
                    "--recover",
                    // Plain file I/O: Garnet's native device needs libaio, which many machines lack.
                    "--device-type", "RandomAccess",
                    "-q",
                ];
                var server = new GarnetServer(arguments, new ResourceLoggerFactory(initialize.Logger, options.LogLevel));
                try
                {
                    server.Start();
                }
                catch
                {
                    server.Dispose();
                    throw;
                }

                var endpoint = $"{IPAddress.Loopback}:{port}";
                redis.Endpoint.Set(endpoint);
                return Task.FromResult(new EmbeddedResourceLifecycle.Started(server,
                [
                    new("redis.endpoint", endpoint),
                    new("redis.data.directory", redis.DataDirectory),
                ]));
            });
    }

    /// <summary>Adds the Milvus-compatible vector service, hosted in the AppHost process, as a Milvus resource.</summary>
    public static IResourceBuilder<EmbeddedMilvusResource> AddEmbeddedMilvus(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataDirectory, VectorServiceOptions options, TimeSpan healthCheckTimeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var resource = new EmbeddedMilvusResource(name, dataDirectory, password);
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, cancellationToken) =>
            connectionString = await ((IResourceWithConnectionString)resource).GetConnectionStringAsync(cancellationToken).ConfigureAwait(false));

        var healthCheckKey = $"{name}_milvus_check";
        // Keyed so that the container owns (and disposes) the one check and its client.
        builder.Services.AddKeyedSingleton(healthCheckKey, (_, _) => new DeferredMilvusHealthCheck(() => connectionString, healthCheckTimeout));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            services => services.GetRequiredKeyedService<DeferredMilvusHealthCheck>(healthCheckKey),
            failureStatus: default,
            tags: null));

        return builder.AddResource(resource)
            .WithIconName("DatabaseSearch")
            .WithHealthCheck(healthCheckKey)
            .WithEmbeddedLifecycle("EmbeddedMilvus", "Milvus REST v2 compatible (USearch HNSW)", async (milvus, _, cancellationToken) =>
            {
                var token = await password.GetValueAsync(cancellationToken).ConfigureAwait(false);
                var server = await EmbeddedVectorServer.StartAsync(milvus.DataDirectory, options, $"root:{token}", cancellationToken).ConfigureAwait(false);
                var endpoint = server.Endpoint.ToString().TrimEnd('/');
                milvus.Endpoint.Set(endpoint);
                return new EmbeddedResourceLifecycle.Started(server,
                [
                    new("milvus.endpoint", endpoint),
                    new("milvus.data.directory", milvus.DataDirectory),
                    new("milvus.collections", string.Join(", ", server.Store.List())),
                ]);
            });
    }

    /// <summary>The Milvus client's own health check, with one client created once the service's connection string is known.</summary>
    private sealed class DeferredMilvusHealthCheck(Func<string?> connectionString, TimeSpan timeout) : IHealthCheck, IDisposable
    {
        private MilvusClient? _client;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (_client is null)
            {
                if (connectionString() is not { } value)
                {
                    return HealthCheckResult.Unhealthy("The vector service has not started yet.");
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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends an embedded server's logs from <paramref name="minimumLevel"/> up to its resource's console in the dashboard.</summary>
    private sealed class ResourceLoggerFactory(ILogger resourceLogger, LogLevel minimumLevel) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new FilteredLogger(resourceLogger, minimumLevel);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class FilteredLogger(ILogger inner, LogLevel minimumLevel) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
