using System.Diagnostics;
using StackExchange.Redis;

namespace Nebula.IntegrationTests;

/// <summary>
/// Embedded mode's Redis (the built Nebula.EmbeddedRedis: Garnet with its append-only file and checkpoints, as the
/// AppHost runs it) as a process of its own on a loopback port, which a test can kill without warning (SIGKILL: no
/// checkpoint, no last commit) and start again over its data folder, or over an older copy of it.
/// </summary>
internal sealed class GarnetProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly int _port = LoopbackPort.Free();
    private readonly string _dataDirectory;
    private Process? _process;

    private GarnetProcess(string dataDirectory) => _dataDirectory = dataDirectory;

    public string ConnectionString => $"127.0.0.1:{_port}";

    public static async Task<GarnetProcess> StartAsync(string dataDirectory)
    {
        var garnet = new GarnetProcess(dataDirectory);
        await garnet.LaunchAsync();
        return garnet;
    }

    /// <summary>SIGKILL: Garnet ends wherever it is; what its append-only file had committed is what a start recovers.</summary>
    public async Task KillAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts Garnet again on the same port, recovering from its data folder.</summary>
    public Task RestartAsync() => LaunchAsync();

    private async Task LaunchAsync()
    {
        var dll = RepositoryPaths.ServiceAssembly("hosting/Nebula.EmbeddedRedis");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Nebula__EmbeddedRedis__Port"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Nebula__EmbeddedRedis__DataDirectory"] = _dataDirectory;
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
