using Microsoft.Extensions.Options;
using Nebula.Catalog.Embeddings;
using Nebula.Core.Contracts;
using Nebula.Embedder.Access;
using Nebula.Embedder.Loading;

namespace Nebula.Embedder.Extensions;

internal static class EmbedderServicesExtensions
{
    /// <summary>The Embedder's wiring: options (validated at start), the embedding model, the Milvus client, the keeper of the services' Milvus users and the loader.</summary>
    public static void AddEmbedderServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbedderOptions>().BindConfiguration(EmbedderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<EmbeddingModelOptions>().BindConfiguration(EmbeddingModelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ItemsCollectionOptions>().BindConfiguration(ItemsCollectionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceUser(ServiceUserOptions.Reader, MilvusUsers.Reader, MilvusUsers.ReaderRole);
        builder.AddServiceUser(ServiceUserOptions.Editor, MilvusUsers.Editor, MilvusUsers.EditorRole);

        builder.Services.AddSingleton(services => new TextEmbeddingModel(
            services.GetRequiredService<IOptions<EmbeddingModelOptions>>().Value,
            services.GetRequiredService<ILogger<TextEmbeddingModel>>()));
        builder.AddMilvusClient(ResourceNames.Milvus);

        builder.Services.AddSingleton<ServiceUsers>();
        builder.Services.AddSingleton<ItemsCollectionManager>();
        builder.Services.AddSingleton<CatalogLoader>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(EmbedderTelemetry.MeterName));
    }

    /// <summary>The Milvus user <paramref name="name"/> (<see cref="ServiceUserOptions"/>), with its default user and role names.</summary>
    private static void AddServiceUser(this IHostApplicationBuilder builder, string name, string userName, string roleName) =>
        builder.Services.AddOptions<ServiceUserOptions>(name)
            .Configure(user => (user.UserName, user.RoleName) = (userName, roleName))
            .BindConfiguration(ServiceUserOptions.SectionName(name))
            .ValidateDataAnnotations()
            .ValidateOnStart();

    /// <summary>Sets up the services' Milvus users, runs the load to completion and returns the process exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunEmbedderAsync(this IHost host)
    {
        try
        {
            // Checked here, before the host starts, so that a bad setting is one clear line and not a host failure log.
            _ = host.Services.GetRequiredService<IOptions<EmbedderOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<EmbeddingModelOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<ItemsCollectionOptions>>().Value;
            var users = host.Services.GetRequiredService<IOptionsMonitor<ServiceUserOptions>>();
            _ = users.Get(ServiceUserOptions.Reader);
            _ = users.Get(ServiceUserOptions.Editor);
        }
        catch (OptionsValidationException e)
        {
            // Settings are checked before anything is read or written; say which one is wrong, without a stack trace.
            await Console.Error.WriteLineAsync($"Invalid Embedder settings: {string.Join("; ", e.Failures)}");
            return ExitCodes.InvalidSettings;
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException)
        {
            // A value that is not of the setting's type (--precision int4, --limit many): the binder names the key and the value.
            await Console.Error.WriteLineAsync($"Invalid Embedder settings: {e.Message} {e.InnerException.Message}");
            return ExitCodes.InvalidSettings;
        }

        await host.StartAsync();

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        int exitCode;
        try
        {
            // First, and quickly: the Api and the StreamWorker wait for their users before they start, not for the load.
            exitCode = await host.Services.GetRequiredService<ServiceUsers>().EnsureAsync(lifetime.ApplicationStopping)
                ? await host.Services.GetRequiredService<CatalogLoader>().RunAsync(lifetime.ApplicationStopping)
                : ExitCodes.Failed;
        }
        finally
        {
            await host.StopAsync();
        }

        return exitCode;
    }
}
