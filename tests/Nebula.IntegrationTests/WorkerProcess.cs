using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nebula.Hosting.Embedded;

namespace Nebula.IntegrationTests;

/// <summary>
/// The built Nebula.StreamWorker as a process of its own (a replica, as a deployment runs several), which a test can
/// kill without warning (SIGKILL) or ask to stop (SIGTERM, as an orchestrator does).
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => _process = process;

    /// <summary>Everything the worker wrote so far (its console log).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The AppHost's connection strings and the consumer settings it gives its worker in embedded mode.</summary>
    public static async Task<Dictionary<string, string>> AppHostSettingsAsync(INebulaAppHost fixture)
    {
        var settings = new Dictionary<string, string>();
        foreach (var name in new[] { "kafka", "redis", "milvus" })
        {
            settings[$"ConnectionStrings__{name}"] = await fixture.ConnectionStringAsync(name);
        }

        foreach (var (setting, value) in EmbeddedKafkaConsumerSettings.All)
        {
            settings[$"Aspire__Confluent__Kafka__Consumer__Config__{setting}"] = value.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <param name="settings">Configuration as environment variables (<c>ConnectionStrings__kafka</c>, …).</param>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var dll = RepositoryPaths.ServiceAssembly("Nebula.StreamWorker");
        // From its own folder, so that its appsettings.json (the consumer group) is read, as a deployment would.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // Each replica's health endpoint on a port of its own.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var worker = new WorkerProcess(Process.Start(start)!);
        worker._process.OutputDataReceived += (_, line) => worker.Append(line.Data);
        worker._process.ErrorDataReceived += (_, line) => worker.Append(line.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker has logged <paramref name="text"/>; fails naming what it logged otherwise.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !_process.HasExited, $"The worker did not log '{text}' within {patience}:\n{Output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>SIGKILL: no shutdown, no leaving the group, no flush; the batch in hand is cut wherever it is.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then the time until the process has exited, and its exit code.</summary>
    public async Task<(TimeSpan Elapsed, int ExitCode)> TerminateAsync(TimeSpan patience)
    {
        var started = Stopwatch.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        using var timeout = new CancellationTokenSource(patience);
        await _process.WaitForExitAsync(timeout.Token);
        return (Stopwatch.GetElapsedTime(started), _process.ExitCode);
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

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
