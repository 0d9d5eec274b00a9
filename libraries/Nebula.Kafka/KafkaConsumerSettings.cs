using Confluent.Kafka;

namespace Nebula.Kafka;

/// <summary>Settings of <see cref="KafkaHostingExtensions.AddKafkaConsumer{TKey,TValue}"/>.</summary>
public sealed class KafkaConsumerSettings : KafkaClientSettings<ConsumerConfig>
{
    internal override void Validate(string connectionName, string sectionName)
    {
        base.Validate(connectionName, sectionName);
        if (string.IsNullOrWhiteSpace(Config.GroupId))
        {
            throw new InvalidOperationException(
                $"Kafka consumer '{connectionName}' has no consumer group: set '{sectionName}:Config:GroupId'.");
        }
    }
}
