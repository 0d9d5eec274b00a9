using System.Globalization;
using System.Net;
using Garnet;

namespace Nebula.EmbeddedRedis;

/// <summary>The one way Nebula starts Garnet: this process, and the benchmarks that host it beside a worker.</summary>
public static class GarnetLauncher
{
    /// <summary>Starts Garnet on 127.0.0.1:<see cref="EmbeddedRedisOptions.Port"/>; the caller disposes it to stop it.</summary>
    public static GarnetServer Start(EmbeddedRedisOptions options, ILoggerFactory? loggerFactory = null)
    {
        List<string> arguments =
        [
            "--bind", IPAddress.Loopback.ToString(),
            "--port", options.Port.ToString(CultureInfo.InvariantCulture),
            "--memory", options.LogMemory,
            "--index", options.IndexMemory,
            // Plain file I/O: Garnet's native device needs libaio, which many machines lack.
            "--device-type", "RandomAccess",
            "-q",
        ];
        if (options.DataDirectory is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            // Durability between runs: an append-only file, replayed at start.
            arguments.AddRange(["--aof", "--aof-commit-freq", options.AofCommitFrequencyMs.ToString(CultureInfo.InvariantCulture), "--checkpointdir", directory, "--recover"]);
        }

        var server = new GarnetServer([.. arguments], loggerFactory is null ? null : new FilteredLoggerFactory(loggerFactory, options.LogLevel));
        try
        {
            server.Start();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }
}
