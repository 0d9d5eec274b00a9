using Microsoft.Extensions.Configuration;

namespace Nebula.Hosting.Embedded;

/// <summary>What every embedded server resource shares.</summary>
internal static class EmbeddedServerExtensions
{
    /// <summary>
    /// Adds <paramref name="resource"/>, which runs <paramref name="program"/> as <c>dotnet &lt;server&gt;.dll</c>: its own
    /// process, logs, metrics and traces (OTLP to the dashboard), start/stop/restart commands, and no place in the
    /// manifest (a deployment uses the real Kafka, Redis and Milvus). The AppHost's <paramref name="settingsSection"/> is
    /// handed to the process as environment variables, where the server validates it; the port of its endpoint
    /// <paramref name="endpointName"/> is the section's <c>Port</c>.
    /// </summary>
    public static IResourceBuilder<T> AddEmbeddedServer<T>(
        this IDistributedApplicationBuilder builder, T resource, EmbeddedServerProgram program, string settingsSection, string endpointName, string scheme)
        where T : ExecutableResource
    {
        var settings = builder.Configuration.GetSection(settingsSection);
        return builder.AddResource(resource)
            // Run the built program itself rather than `dotnet run`, which would evaluate the project at every start
            // and stay beside the server for its whole life.
            .WithArgs(program.Path)
            // No proxy: the orchestrator's proxy would sit between every client and the server (in front of the
            // vector service it added about 5 ms to every request of the Api, docs/benchmarks.md).
            .WithEndpoint(name: endpointName, scheme: scheme, env: SettingVariable(settingsSection, "Port"), isProxied: false)
            .WithOtlpExporter()
            .WithEnvironment(context =>
            {
                foreach (var (key, value) in settings.AsEnumerable())
                {
                    if (value is not null)
                    {
                        context.EnvironmentVariables[Variable(key)] = value;
                    }
                }
            })
            .ExcludeFromManifest();
    }

    /// <summary>The environment variable of a setting in <paramref name="section"/>.</summary>
    public static string SettingVariable(string section, string setting) => Variable($"{section}:{setting}");

    /// <summary>A configuration key as an environment variable (<c>:</c> becomes <c>__</c>).</summary>
    private static string Variable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
