namespace Nebula.VectorService.Collections;

/// <summary>
/// Makes the host create the <see cref="VectorStore"/> (reading every collection's rows and index) as it starts, before
/// the server listens: a bad setting fails the start, and the first request does not wait for the load. Reports what
/// was cut off a damaged log, since those rows are gone.
/// </summary>
internal sealed partial class VectorStoreLoader(VectorStore store, ILogger<VectorStoreLoader> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (collection, repair) in store.Repairs)
        {
            LogRepaired(logger, collection, repair.Offset, repair.Reason, repair.DroppedBytes);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Collection {Collection}: its log is damaged at byte {Offset} ({Reason}); the {DroppedBytes} bytes from there on were dropped, and the rows they held are lost")]
    private static partial void LogRepaired(ILogger logger, string collection, long offset, string reason, long droppedBytes);
}
