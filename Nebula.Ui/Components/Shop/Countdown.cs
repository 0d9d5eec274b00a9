namespace Nebula.Ui.Components.Shop;

/// <summary>
/// Runs an action once a delay has passed, unless restarted or disposed first: what a message that clears
/// itself needs (a card's confirmation, the banner's "Connected again").
/// </summary>
public sealed class Countdown(TimeProvider time) : IDisposable
{
    private CancellationTokenSource? _pending;

    /// <summary>Starts over: the action runs <paramref name="delay"/> from now, and an earlier start is forgotten.</summary>
    public void Restart(TimeSpan delay, Func<Task> elapsed)
    {
        Dispose();
        _pending = new CancellationTokenSource();
        _ = RunAsync(delay, elapsed, _pending.Token);
    }

    public void Dispose()
    {
        _pending?.Cancel();
        _pending?.Dispose();
        _pending = null;
    }

    private async Task RunAsync(TimeSpan delay, Func<Task> elapsed, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            await elapsed();
        }
        catch (OperationCanceledException)
        {
            // Restarted by a newer message, or the component went away.
        }
    }
}
