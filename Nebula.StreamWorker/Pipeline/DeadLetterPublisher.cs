using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// Sends events that cannot be applied to the dead-letter topic: the original key, value and headers
/// (trace context included), plus the reason and where the event came from.
/// </summary>
public sealed class DeadLetterPublisher(IProducer<string, string> producer, IOptions<StreamWorkerOptions> options)
{
    /// <summary>Why the event went to the dead-letter topic.</summary>
    public const string ReasonHeader = "nebula-dlq-reason";

    /// <summary>Where it was read: <c>topic/partition@offset</c>.</summary>
    public const string SourceHeader = "nebula-dlq-source";

    public async Task PublishAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        if (letters.Count == 0)
        {
            return;
        }

        await Task.WhenAll(letters.Select(letter =>
        {
            var source = letter.Source;
            var headers = new Headers();
            foreach (var header in source.Message.Headers ?? [])
            {
                headers.Add(header.Key, header.GetValueBytes());
            }

            headers.Add(ReasonHeader, Encoding.UTF8.GetBytes(letter.Reason));
            headers.Add(SourceHeader, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{source.Topic}/{source.Partition.Value}@{source.Offset.Value}")));
            return producer.ProduceAsync(
                options.Value.DeadLetterTopic,
                new Message<string, string> { Key = source.Message.Key, Value = source.Message.Value, Headers = headers },
                cancellationToken);
        }));
    }
}
