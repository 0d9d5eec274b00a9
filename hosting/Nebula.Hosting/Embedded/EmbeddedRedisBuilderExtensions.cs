using Nebula.Hosting.HealthChecks;

namespace Nebula.Hosting.Embedded;

/// <summary>The embedded Redis (Microsoft Garnet, process Nebula.EmbeddedRedis).</summary>
public static class EmbeddedRedisBuilderExtensions
{
    /// <summary>Adds Garnet, keeping its append-only file under <paramref name="dataDirectory"/>; healthy when it answers a ping.</summary>
    public static IResourceBuilder<EmbeddedRedisResource> AddEmbeddedRedis(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataDirectory, TimeSpan healthCheckTimeout)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var resource = new EmbeddedRedisResource(name, dataDirectory, EmbeddedServerProgram.Redis.Directory);
        return builder.AddEmbeddedServer(
                resource, EmbeddedServerProgram.Redis, EmbeddedRedisResource.SettingsSection, EmbeddedRedisResource.EndpointName, "tcp")
            .WithIconName("Database")
            .WithEnvironment(EmbeddedServerExtensions.SettingVariable(EmbeddedRedisResource.SettingsSection, "DataDirectory"), dataDirectory)
            .WithRedisHealthCheck(healthCheckTimeout);
    }
}
