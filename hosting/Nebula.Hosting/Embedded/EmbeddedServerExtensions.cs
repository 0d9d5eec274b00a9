using Microsoft.Extensions.Configuration;

namespace Nebula.Hosting.Embedded;

/// <summary>What every embedded server resource shares.</summary>
internal static class EmbeddedServerExtensions
{
    /// <summary>
    /// Adds <paramref name="resource"/>, which runs <paramref name="program"/> as <c>dotnet &lt;server&gt;.dll</c>: its own
    /// process, logs, metrics and traces (OTLP to the dashboard), start/stop/restart commands, and no place in the
    /// manifest (a deployment uses the real Kafka, Redis and Milvus). The AppHost's <paramref name="settingsSection"/> is
    /// handed to the process as environment variables, where the server validates it.
    /// </summary>
    public static IResourceBuilder<T> AddEmbeddedServer<T>(this IDistributedApplicationBuilder builder, T resource, EmbeddedServerProgram program, string settingsSection)
        where T : ExecutableResource
    {
        var settings = builder.Configuration.GetSection(settingsSection);
        return builder.AddResource(resource)
            // Run the built program itself rather than `dotnet run`, which would evaluate the project at every start
            // and stay beside the server for its whole life.
            .WithArgs(program.Path)
            .WithOtlpExporter()
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
