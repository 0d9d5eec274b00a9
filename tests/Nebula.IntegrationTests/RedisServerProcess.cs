using System.Diagnostics;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>
/// A real Redis (Debian's <c>redis-server</c>) on a loopback port of its own, with a password and no persistence but
/// the snapshots a test asks for, for the tests that run the pipeline against infrastructure the user runs rather
/// than against Garnet, and that make Redis lose writes for real (<see cref="CrashAndRestartAsync"/>).
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly ProcessStartInfo _start;
    private Process _process;

    private RedisServerProcess(ProcessStartInfo start, Process process, int port, string password)
    {
        _start = start;
        _process = process;
        ConnectionString = $"127.0.0.1:{port},password={password}";
    }

    public string ConnectionString { get; }

    /// <summary>Writes a snapshot (SAVE): what a restart comes back with.</summary>
    public async Task SnapshotAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        await connection.GetDatabase().ExecuteAsync("SAVE");
    }

    /// <summary>Sets the memory limit and what the server does on reaching it (CONFIG SET), as a user's configuration would.</summary>
    public async Task ConfigureMemoryAsync(string maxMemory, string policy)
    {
        await using var connection = await AdminConnectionAsync();
        var server = connection.GetServers().Single();
        await server.ConfigSetAsync("maxmemory-policy", policy);
        await server.ConfigSetAsync("maxmemory", maxMemory);
    }

    /// <summary>How many commands the server has refused for want of memory since it started (INFO errorstats: errorstat_OOM).</summary>
    public async Task<long> RefusedForMemoryAsync()
    {
        await using var connection = await AdminConnectionAsync();
        var errors = await connection.GetServers().Single().InfoAsync("errorstats");
        var oom = errors.SelectMany(section => section).FirstOrDefault(field => field.Key == "errorstat_OOM").Value;
        // "count=3": absent until the first refusal.
        return oom is null ? 0 : long.Parse(oom.Split(',')[0]["count=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    // CONFIG and INFO are admin commands to StackExchange.Redis, refused on a connection not opened for them.
    private Task<ConnectionMultiplexer> AdminConnectionAsync() => ConnectionMultiplexer.ConnectAsync($"{ConnectionString},allowAdmin=true");

    /// <summary>
    /// Kills the server (SIGKILL: no shutdown save) and starts it again on the same port: it comes back with the last
    /// snapshot, and every write after it is gone, as after a crash of a Redis that persists by snapshots only.
    /// </summary>
    public async Task CrashAndRestartAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = Launch(_start);
        await WaitForPingAsync(this, _process);
    }

    public static async Task<RedisServerProcess> StartAsync(string directory)
    {
        if (!ExternalTool.IsInstalled("redis-server"))
        {
            throw new InvalidOperationException("redis-server is not installed; the tests against a real Redis need Debian's redis-server package (.ci/run installs it).");
        }

        var port = LoopbackPort.Free();
        var password = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--requirepass", password,
                "--save", "",
                "--appendonly", "no",
                "--dir", directory,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Launch(start);
        var server = new RedisServerProcess(start, process, port, password);
        await WaitForPingAsync(server, process);
        return server;
    }

    private static Process Launch(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForPingAsync(RedisServerProcess server, Process process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
