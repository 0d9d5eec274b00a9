using System.Globalization;
using System.Net;
using System.Reflection;
using Garnet;
using Garnet.server;

namespace Nebula.EmbeddedRedis;

/// <summary>The one way Nebula starts Garnet: this process, and the benchmarks that host it beside a worker.</summary>
public static class GarnetLauncher
{
    /// <summary>Starts Garnet on 127.0.0.1:<see cref="EmbeddedRedisOptions.Port"/>; the caller disposes it to stop it.</summary>
    public static GarnetServer Start(EmbeddedRedisOptions options, ILoggerFactory? loggerFactory = null)
    {
        if (options.DataDirectory is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var filtered = loggerFactory is null ? null : new FilteredLoggerFactory(loggerFactory, options.LogLevel);
        var server = new GarnetServer(ServerOptions(options, filtered?.CreateLogger("Garnet.Options")), filtered);
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

    /// <summary>
    /// Garnet's settings: our arguments read by Garnet's own command-line parser, so that each means what Garnet's
    /// documentation says, then <see cref="EmbeddedRedisOptions.ReceiveBufferMaxSize"/>, which has no argument.
    /// </summary>
    /// <exception cref="InvalidOperationException">Garnet refused the arguments.</exception>
    public static GarnetServerOptions ServerOptions(EmbeddedRedisOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Garnet 2.2.8's parser and its settings class are internal; GarnetServer's string[] constructor is the same
        // two calls without a way to set the buffer. A Garnet that renames them fails here, at start, by name.
        var parser = typeof(GarnetServer).Assembly.GetType("Garnet.ServerSettingsManager", throwOnError: true)!
            .GetMethod("TryParseCommandLineArguments", BindingFlags.Static | BindingFlags.NonPublic)
            ?? throw new MissingMethodException("Garnet.ServerSettingsManager", "TryParseCommandLineArguments");
        // (arguments, out settings, out invalid arguments, out settings as JSON, out exit, silent, logger)
        object?[] parameters = [Arguments(options), null, null, null, null, true, logger];
        if (parser.Invoke(null, parameters) is not true || parameters[1] is not { } settings)
        {
            var invalid = parameters[2] as IEnumerable<string> ?? [];
            throw new InvalidOperationException($"Garnet refused its arguments: {string.Join(", ", invalid)}.");
        }

        var toServerOptions = settings.GetType().GetMethod("GetServerOptions")
            ?? throw new MissingMethodException(settings.GetType().FullName, "GetServerOptions");
        var serverOptions = (GarnetServerOptions)toServerOptions.Invoke(settings, [logger])!;
        serverOptions.NetworkReceiveBufferMaxSize = options.ReceiveBufferMaxSize;
        return serverOptions;
    }

    private static string[] Arguments(EmbeddedRedisOptions options)
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

        return [.. arguments];
    }
}
