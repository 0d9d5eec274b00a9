using Confluent.Kafka;

namespace Nebula.Kafka;

/// <summary>Settings of <see cref="KafkaHostingExtensions.AddKafkaProducer{TKey,TValue}"/>.</summary>
public sealed class KafkaProducerSettings : KafkaClientSettings<ProducerConfig>
{
}
