namespace Nebula.Ui.Services;

/// <summary>
/// Whether this page (one circuit) can reach the Api. Every call and the live list report to it; the banner
/// shows it. It recovers by itself: the live list keeps reconnecting and reports the first answer.
/// </summary>
public sealed class ApiConnectionState
{
    private readonly Lock _gate = new();

    public bool IsReachable { get; private set; } = true;

    /// <summary>Why the Api was last found unreachable.</summary>
    public string? LastError { get; private set; }

    public event Action? Changed;

    public void ReportReachable() => Set(reachable: true, error: null);

    public void ReportUnreachable(string error) => Set(reachable: false, error);

    private void Set(bool reachable, string? error)
    {
        lock (_gate)
        {
            if (IsReachable == reachable && LastError == error)
            {
                return;
            }

            IsReachable = reachable;
            LastError = error;
        }

        Changed?.Invoke();
    }
}
