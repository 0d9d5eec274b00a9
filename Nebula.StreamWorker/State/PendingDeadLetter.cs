namespace Nebula.StreamWorker.State;

/// <summary>
/// A dead letter as it waits in Redis (<see cref="Nebula.Core.Contracts.RedisKeys.DeadLetterOutbox(string)"/>): written in the
/// same transaction as the state, published after it, then removed; so it is published even if the worker stops in
/// between, and never once per retry.
/// </summary>
/// <param name="Id">Where the event was read, <c>topic/partition@offset</c>: the outbox field.</param>
public sealed record PendingDeadLetter(string Id, string? Key, string Value, IReadOnlyList<KeyValuePair<string, byte[]>> Headers);
