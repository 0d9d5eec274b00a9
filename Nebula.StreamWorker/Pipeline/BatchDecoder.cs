using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>
/// Step 1, decode: the events of a batch, each checked as the Api checks it and for a plausible time (the worker's
/// clock); what cannot be applied becomes a dead letter with its reason, as does an event the consume loop found
/// failing every attempt (<see cref="BatchContext.Poisoned"/>).
/// </summary>
public sealed class BatchDecoder(IOptions<RecommendationOptions> options, IOptions<StreamWorkerOptions> workerOptions, TimeProvider time)
{
    private readonly RecommendationOptions _options = options.Value;
    private readonly StreamWorkerOptions _workerOptions = workerOptions.Value;

    public DecodedBatch Decode(IReadOnlyList<ConsumeResult<string, string>> messages, BatchContext context)
    {
        var now = time.GetUtcNow();
        var letters = new List<DeadLetter>();
        var events = new List<(int Index, InteractionEvent Event)>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            if (context.Poisoned.TryGetValue((messages[i].Partition.Value, messages[i].Offset.Value), out var failure))
            {
                letters.Add(new DeadLetter(messages[i], failure));
            }
            else if (!InteractionEventSerializer.TryParse(messages[i].Message.Value, out var interaction, out var reason))
            {
                letters.Add(new DeadLetter(messages[i], reason));
            }
            else if (!_options.IsEventType(interaction!.Type))
            {
                letters.Add(new DeadLetter(messages[i], _options.UnknownEventType(interaction.Type)));
            }
            else if (InteractionRules.OccurredAtProblem(interaction.OccurredAt, now, _workerOptions.MaxClockError, _workerOptions.MaxEventAge) is { } timeProblem)
            {
                letters.Add(new DeadLetter(messages[i], timeProblem));
            }
            else
            {
                events.Add((i, interaction));
            }
        }

        return new DecodedBatch(messages, events, letters);
    }
}
