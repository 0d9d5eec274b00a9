using Confluent.Kafka;

namespace Nebula.Kafka;

/// <summary>Settings of the admin client that <see cref="Microsoft.Extensions.Hosting.KafkaHostingExtensions.AddKafkaTopics"/> uses.</summary>
public sealed class KafkaAdminSettings : KafkaClientSettings<AdminClientConfig>
{
}
