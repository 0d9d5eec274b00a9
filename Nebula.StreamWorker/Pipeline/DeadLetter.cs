using Confluent.Kafka;

namespace Nebula.StreamWorker.Pipeline;

/// <summary>An event the worker cannot apply, and why.</summary>
public sealed record DeadLetter(ConsumeResult<string, string> Source, string Reason);
