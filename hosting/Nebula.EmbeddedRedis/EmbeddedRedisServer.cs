using Garnet;
using Microsoft.Extensions.Options;

namespace Nebula.EmbeddedRedis;

/// <summary>Garnet for as long as the process runs; stopping the process stops it after its last append-only commit.</summary>
internal sealed partial class EmbeddedRedisServer(IOptions<EmbeddedRedisOptions> options, ILoggerFactory loggerFactory, ILogger<EmbeddedRedisServer> logger)
    : IHostedService, IDisposable
{
    private GarnetServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server = GarnetLauncher.Start(options.Value, loggerFactory);
        LogStarted(logger, options.Value.Port, options.Value.DataDirectory ?? "nowhere (nothing is kept)");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Garnet on 127.0.0.1:{Port}, append-only file in {DataDirectory}")]
    private static partial void LogStarted(ILogger logger, int port, string dataDirectory);
}
