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
            // Durability between runs: an append-only file, committed every AofCommitFrequencyMs and replayed at start,
            // and a checkpoint every CheckpointFrequencySeconds, which lets Garnet cut the file (else it grows without
            // bound and all of it is replayed at each start). Records pushed out of LogMemory go to the disk tier
            // under the same folder instead of being dropped, and the disk log is compacted in the background.
            arguments.AddRange([
                "--aof", "--aof-commit-freq", options.AofCommitFrequencyMs.ToString(CultureInfo.InvariantCulture),
                "--checkpointdir", directory, "--recover",
                "--checkpoint-freq", options.CheckpointFrequencySeconds.ToString(CultureInfo.InvariantCulture),
                "--storage-tier", "--logdir", Path.Combine(directory, "log"),
                "--compaction-freq", options.CompactionFrequencySeconds.ToString(CultureInfo.InvariantCulture),
                "--compaction-type", "Lookup",
            ]);
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
