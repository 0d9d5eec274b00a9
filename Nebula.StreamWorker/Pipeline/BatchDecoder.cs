using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>Step 1, decode: the events of a batch, each checked as the Api checks it; what cannot be applied becomes a dead letter with its reason.</summary>
public sealed class BatchDecoder(IOptions<RecommendationOptions> options)
{
    private readonly RecommendationOptions _options = options.Value;

    public DecodedBatch Decode(IReadOnlyList<ConsumeResult<string, string>> messages)
    {
        var letters = new List<DeadLetter>();
        var events = new List<(int Index, InteractionEvent Event)>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            if (!InteractionEventSerializer.TryParse(messages[i].Message.Value, out var interaction, out var reason))
            {
                letters.Add(new DeadLetter(messages[i], reason));
            }
            else if (!_options.IsEventType(interaction!.Type))
            {
                letters.Add(new DeadLetter(messages[i], _options.UnknownEventType(interaction.Type)));
            }
            else
            {
                events.Add((i, interaction));
            }
        }

        return new DecodedBatch(messages, events, letters);
    }
}
