namespace Nebula.Ui.Services;

/// <summary>An Api call's outcome: the value, or a message the page can show as it is.</summary>
public sealed class ApiResult<T>
{
    internal ApiResult(T? value, string? error, bool unreachable)
    {
        Value = value;
        Error = error;
        IsUnreachable = unreachable;
    }

    public T? Value { get; }

    /// <summary>What went wrong, in words for the shopper (the Api's problem detail when it answered).</summary>
    public string? Error { get; }

    /// <summary>True when the Api did not answer at all (as opposed to answering with an error).</summary>
    public bool IsUnreachable { get; }

    public bool Succeeded => Error is null;
}
