using Confluent.Kafka;
using Nebula.Core.Contracts;

namespace Nebula.StreamWorker.Extensions;

internal static class StreamWorkerServicesExtensions
{
    /// <summary>The worker's wiring: the interaction consumer (group from configuration) and the Redis state store.</summary>
    public static void AddStreamWorkerServices(this IHostApplicationBuilder builder)
    {
        // Offsets are committed by the worker only after its writes, never in the background.
        builder.AddKafkaConsumer<string, string>(ResourceNames.Kafka, settings =>
        {
            settings.Config.EnableAutoCommit ??= false;
            settings.Config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        });

        builder.AddRedisClient(ResourceNames.Redis);
    }
}
