using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace Nebula.Kafka;

/// <summary>Settings of <see cref="KafkaHostingExtensions.AddKafkaProducer{TKey,TValue}"/>.</summary>
public sealed class KafkaProducerSettings : KafkaClientSettings<ProducerConfig>
{
}
