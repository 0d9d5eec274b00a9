namespace Nebula.Kafka.Topics;

/// <summary>
/// Whether the application's topics have been checked (and created where missing). Producing or consuming waits for
/// it, so that nothing reaches a broker that would auto-create a topic with its own defaults; everything else (reads,
/// health, liveness) runs while the broker is still away.
/// </summary>
public sealed class KafkaTopics
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Completes once the topics exist; throws <see cref="OperationCanceledException"/> when cancelled first.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    internal void MarkReady() => _ready.TrySetResult();
}
