namespace Nebula.VectorService.Collections;

/// <summary>
/// Makes the host create the <see cref="VectorStore"/> (reading every collection's rows and index) as it starts, before
/// the server listens: a bad setting fails the start, and the first request does not wait for the load.
/// </summary>
internal sealed class VectorStoreLoader(VectorStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(store);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
