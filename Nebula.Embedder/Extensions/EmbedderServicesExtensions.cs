namespace Nebula.Embedder.Extensions;

internal static class EmbedderServicesExtensions
{
    /// <summary>
    /// The Embedder's wiring. The catalogue readers, the embedding model and the Milvus client arrive with the
    /// catalogue work; until then it is a running service with its health endpoints and telemetry.
    /// </summary>
    public static void AddEmbedderServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
    }
}
