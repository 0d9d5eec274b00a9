using Confluent.Kafka;
using Nebula.Core.Contracts;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>A batch's events that parse and have a configured type (with their position in the batch), and the dead letters of the rest.</summary>
public sealed record DecodedBatch(
    IReadOnlyList<ConsumeResult<string, string>> Messages,
    IReadOnlyList<(int Index, InteractionEvent Event)> Events,
    IReadOnlyList<DeadLetter> DeadLetters);
