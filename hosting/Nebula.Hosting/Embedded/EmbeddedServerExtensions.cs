using Microsoft.Extensions.Configuration;

namespace Nebula.Hosting.Embedded;

/// <summary>What every embedded server resource shares.</summary>
internal static class EmbeddedServerExtensions
{
    /// <summary>
    /// Adds <paramref name="resource"/> as a .NET project resource running <paramref name="project"/>: its own process,
    /// logs, metrics and traces (OTLP to the dashboard), start/stop/restart commands, and no place in the manifest (a
    /// deployment uses the real Kafka, Redis and Milvus). The AppHost's <paramref name="settingsSection"/> is handed to
    /// the process as environment variables, where the server validates it.
    /// </summary>
    public static IResourceBuilder<T> AddEmbeddedServer<T>(this IDistributedApplicationBuilder builder, T resource, string project, string settingsSection)
        where T : ProjectResource
    {
        var settings = builder.Configuration.GetSection(settingsSection);
#pragma warning disable ASPIREPROJECTS001 // Aspire's own set-up of a project resource (OTLP, console logs, rebuilds), the only one for a resource type of our own; Aspire is pinned.
        return builder.AddResource(resource)
            .WithAnnotation<IProjectMetadata>(new EmbeddedServerProject(project))
            .WithProjectDefaults(new ProjectResourceOptions { ExcludeLaunchProfile = true, ExcludeKestrelEndpoints = true })
#pragma warning restore ASPIREPROJECTS001
            .WithEnvironment(context =>
            {
                foreach (var (key, value) in settings.AsEnumerable())
                {
                    if (value is not null)
                    {
                        context.EnvironmentVariables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
                    }
                }
            })
            .ExcludeFromManifest();
    }

    /// <summary>The environment variable of a setting in <paramref name="section"/>.</summary>
    public static string SettingVariable(string section, string setting) => $"{section.Replace(":", "__", StringComparison.Ordinal)}__{setting}";
}
