using Confluent.Kafka;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using Nebula.StreamWorker.Consuming;
using Nebula.StreamWorker.Pipeline;
using Nebula.StreamWorker.State;

namespace Nebula.StreamWorker.Extensions;

public static class StreamWorkerServicesExtensions
{
    /// <summary>
    /// The worker's wiring: its topics (created when missing), the interaction consumer (group from configuration), the dead-letter producer,
    /// Redis for state, Milvus for candidates, and the consume loop.
    /// </summary>
    public static void AddStreamWorkerServices(this IHostApplicationBuilder builder)
    {
        // The consume loop subscribes once these exist (KafkaTopics).
        var options = builder.Configuration.GetSection(StreamWorkerOptions.SectionName).Get<StreamWorkerOptions>() ?? new StreamWorkerOptions();
        builder.AddKafkaTopics(ResourceNames.Kafka, options.Topic, options.DeadLetterTopic);
        // Offsets are committed by the worker only after its writes, never in the background.
        builder.AddKafkaConsumer<string, string>(
            ResourceNames.Kafka,
            settings =>
            {
                settings.Config.EnableAutoCommit ??= false;
                settings.Config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
            },
            (services, consumer) =>
            {
                var ownership = services.GetRequiredService<PartitionOwnership>();
                consumer.SetPartitionsAssignedHandler(ownership.OnAssigned);
                consumer.SetPartitionsRevokedHandler((_, partitions) => ownership.OnRevoked(partitions));
                consumer.SetPartitionsLostHandler((_, partitions) => ownership.OnRevoked(partitions));
            });
        builder.AddKafkaProducer<string, string>(ResourceNames.Kafka, settings =>
        {
            settings.Config.Acks ??= Acks.All;
            settings.Config.EnableIdempotence ??= true;
        });
        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddMilvusClient(ResourceNames.Milvus);

        builder.Services.AddOptions<StreamWorkerOptions>().BindConfiguration(StreamWorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RecommendationOptions>().BindConfiguration(RecommendationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ItemsCollectionOptions>().BindConfiguration(ItemsCollectionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StreamWorkerTelemetry>();
        builder.Services.AddSingleton<RecommendationStateStore>();
        builder.Services.AddSingleton<ItemVectorSource>();
        builder.Services.AddHostedService<CatalogChangeListener>();
        builder.Services.AddSingleton<StartOffsetResolver>();
        builder.Services.AddSingleton<PartitionOwnership>();
        builder.Services.AddSingleton<DataLossMonitor>();
        builder.Services.AddHealthChecks()
            .AddCheck<DataLossMonitor>(DataLossMonitor.Name)
            .AddCheck<RedisMemoryCheck>(RedisMemoryCheck.Name);
        builder.Services.AddSingleton<DeadLetterPublisher>();
        builder.Services.AddSingleton<BatchDecoder>();
        builder.Services.AddSingleton<BatchApplier>();
        builder.Services.AddSingleton<ListRanker>();
        builder.Services.AddSingleton<StateWriter>();
        builder.Services.AddSingleton<InteractionBatchPipeline>();
        builder.Services.AddHostedService<InteractionConsumerService>();

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(StreamWorkerTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(StreamWorkerTelemetry.Name));
    }
}
