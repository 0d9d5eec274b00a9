using Microsoft.Extensions.DependencyInjection;

namespace Nebula.Hosting.HealthChecks;

/// <summary>Health of a Redis-protocol resource that is not Aspire's own Redis resource.</summary>
public static class RedisHealthCheckExtensions
{
    /// <summary>Healthy when the server answers a ping through the resource's connection string.</summary>
    public static IResourceBuilder<T> WithRedisHealthCheck<T>(this IResourceBuilder<T> builder, TimeSpan timeout)
        where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(builder);

        var resource = builder.Resource;
        var connectionString = ConnectionStringSource.WhenAvailable(builder);

        var key = $"{resource.Name}_redis_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddRedis(
            _ => connectionString() ?? throw new InvalidOperationException($"'{resource.Name}' has no address yet."),
            name: key,
            timeout: timeout);
        return builder.WithHealthCheck(key);
    }
}
