namespace Nebula.AppHost.Infrastructure.Embedded;

/// <summary>
/// A value that an in-process resource learns only once it has started (a port, an address). Anything that
/// asks for it earlier waits; embedded resources are excluded from the manifest, so the manifest expression
/// is only a name for logs.
/// </summary>
internal sealed class RuntimeValue(string manifestExpression) : IValueProvider, IManifestExpressionProvider
{
    private readonly TaskCompletionSource<string> _value = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ValueExpression => manifestExpression;

    public bool IsSet => _value.Task.IsCompletedSuccessfully;

    public void Set(string value) => _value.TrySetResult(value);

    public void Fail(Exception error) => _value.TrySetException(error);

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        await _value.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
}
