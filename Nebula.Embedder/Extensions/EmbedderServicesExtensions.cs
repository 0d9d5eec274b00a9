using Microsoft.Extensions.Options;
using Nebula.Catalog.Embeddings;
using Nebula.Core.Contracts;
using Nebula.Embedder.Access;
using Nebula.Embedder.Loading;

namespace Nebula.Embedder.Extensions;

internal static class EmbedderServicesExtensions
{
    /// <summary>The Embedder's wiring: options (validated at start), the embedding model, the Milvus client, the reader's keeper and the loader.</summary>
    public static void AddEmbedderServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbedderOptions>().BindConfiguration(EmbedderOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<EmbeddingModelOptions>().BindConfiguration(EmbeddingModelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ItemsCollectionOptions>().BindConfiguration(ItemsCollectionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ReaderAccessOptions>().BindConfiguration(ReaderAccessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton(services => new TextEmbeddingModel(
            services.GetRequiredService<IOptions<EmbeddingModelOptions>>().Value,
            services.GetRequiredService<ILogger<TextEmbeddingModel>>()));
        builder.AddMilvusClient(ResourceNames.Milvus);

        builder.Services.AddSingleton<ReaderAccess>();
        builder.Services.AddSingleton<ItemsCollectionManager>();
        builder.Services.AddSingleton<CatalogLoader>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(EmbedderTelemetry.MeterName));
    }

    /// <summary>Sets up the read-only user, runs the load to completion and returns the process exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunEmbedderAsync(this IHost host)
    {
        try
        {
            // Checked here, before the host starts, so that a bad setting is one clear line and not a host failure log.
            _ = host.Services.GetRequiredService<IOptions<EmbedderOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<EmbeddingModelOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<ItemsCollectionOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<ReaderAccessOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            // Settings are checked before anything is read or written; say which one is wrong, without a stack trace.
            await Console.Error.WriteLineAsync($"Invalid Embedder settings: {string.Join("; ", e.Failures)}");
            return ExitCodes.InvalidSettings;
        }

        await host.StartAsync();

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        int exitCode;
        try
        {
            // First, and quickly: the Api and the StreamWorker wait for the reader before they start, not for the load.
            exitCode = await host.Services.GetRequiredService<ReaderAccess>().EnsureAsync(lifetime.ApplicationStopping)
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
