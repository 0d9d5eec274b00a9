using System.Text;
using Confluent.Kafka;

namespace Nebula.IntegrationTests;

/// <summary>Finds a dead letter by its value on a dead-letter topic, as an operator's consumer would, and reads its headers.</summary>
internal static class DeadLetterReader
{
    public const string ReasonHeader = "nebula-dlq-reason";

    public static async Task<ConsumeResult<string, string>> FindAsync(INebulaAppHost fixture, string topic, string value, TimeSpan patience)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = await fixture.ConnectionStringAsync("kafka"),
            GroupId = $"dlq-reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + patience;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result && result.Message.Value == value)
                {
                    return result;
                }
            }
        }
        finally
        {
            consumer.Close();
        }

        throw new TimeoutException($"No dead letter with the value {value} on {topic} within {patience}.");
    }

    public static string Header(ConsumeResult<string, string> result, string name) =>
        result.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : throw new KeyNotFoundException($"no '{name}' header");
}
