using System.Diagnostics;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>
/// A real Redis (Debian's <c>redis-server</c>) on a loopback port of its own, with a password and no persistence,
/// for the tests that run the pipeline against infrastructure the user runs rather than against Garnet.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;

    private RedisServerProcess(Process process, int port, string password)
    {
        _process = process;
        ConnectionString = $"127.0.0.1:{port},password={password}";
    }

    public string ConnectionString { get; }

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
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new RedisServerProcess(process, port, password);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
                await connection.GetDatabase().PingAsync();
                return server;
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
