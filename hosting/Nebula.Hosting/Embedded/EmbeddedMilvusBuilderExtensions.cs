using Nebula.Hosting.HealthChecks;

namespace Nebula.Hosting.Embedded;

/// <summary>The embedded vector service (Milvus REST v2 compatible, process Nebula.VectorService).</summary>
public static class EmbeddedMilvusBuilderExtensions
{
    /// <summary>
    /// Adds the vector service, keeping its collections under <paramref name="dataDirectory"/>, with a generated secret
    /// root password; healthy when it lists its collections for that token.
    /// </summary>
    public static IResourceBuilder<EmbeddedMilvusResource> AddEmbeddedMilvus(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataDirectory, TimeSpan healthCheckTimeout)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var resource = new EmbeddedMilvusResource(name, dataDirectory, password, EmbeddedServerProgram.VectorService.Directory);
        return builder.AddEmbeddedServer(
                resource, EmbeddedServerProgram.VectorService, EmbeddedMilvusResource.SettingsSection, EmbeddedMilvusResource.EndpointName, "http")
            .WithIconName("DatabaseSearch")
            .WithEnvironment(EmbeddedServerExtensions.SettingVariable(EmbeddedMilvusResource.SettingsSection, "DataDirectory"), dataDirectory)
            .WithEnvironment(EmbeddedServerExtensions.SettingVariable(EmbeddedMilvusResource.SettingsSection, "Token"), resource.Token)
            .WithMilvusHealthCheck(healthCheckTimeout);
    }
}
