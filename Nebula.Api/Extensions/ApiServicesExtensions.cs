using Confluent.Kafka;
using Nebula.Core.Contracts;

namespace Nebula.Api.Extensions;

internal static class ApiServicesExtensions
{
    /// <summary>The Api's wiring: problem details for every error, the interaction producer and the Redis cache.</summary>
    public static void AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();

        // Interaction events: key = userId, value = the event's JSON. Unless configured otherwise, a write is
        // acknowledged only once every in-sync replica has it, and retries never duplicate or reorder.
        builder.AddKafkaProducer<string, string>(ResourceNames.Kafka, settings =>
        {
            settings.Config.Acks ??= Acks.All;
            settings.Config.EnableIdempotence ??= true;
        });

        builder.AddRedisClient(ResourceNames.Redis);
    }
}
