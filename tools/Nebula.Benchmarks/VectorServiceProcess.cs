using System.Diagnostics;
using Nebula.Milvus;
using Nebula.Testing;

namespace Nebula.Benchmarks;

/// <summary>The vector service as its own process, as the AppHost runs it in embedded mode, so its memory is its own.</summary>
internal sealed class VectorServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _token;

    private VectorServiceProcess(Process process, Uri endpoint, string token)
    {
        _process = process;
        _token = token;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<VectorServiceProcess> StartAsync(string dataDirectory, int port, string token)
    {
        var program = Path.Combine(RepositoryPaths.Root, "hosting", "Nebula.VectorService", "bin", "Release", "net10.0", "Nebula.VectorService.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(program)! };
        start.ArgumentList.Add(program);
        start.Environment["Nebula__EmbeddedMilvus__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Nebula__EmbeddedMilvus__DataDirectory"] = dataDirectory;
        start.Environment["Nebula__EmbeddedMilvus__Token"] = token;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var endpoint = new Uri($"http://localhost:{port}");
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The vector service exited with code {process.ExitCode}.");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return new VectorServiceProcess(process, endpoint, token);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy loading.
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A client signed in with the token the service was started with; long timeouts, for loads of 500k rows.</summary>
    public MilvusClient Client() =>
        new(new MilvusClientSettings { Endpoint = Endpoint, Key = _token, DisableTracing = true, DisableMetrics = true, RequestTimeout = TimeSpan.FromMinutes(5) });

    public double ResidentMegabytes() => ProcessMemory.Read(_process.Id, "VmRSS:") / 1024.0;

    public string Memory() => $"RSS {ProcessMemory.Read(_process.Id, "VmRSS:") / 1024:N0} MB (peak {ProcessMemory.Read(_process.Id, "VmHWM:") / 1024:N0} MB)";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the service flushes its logs and writes its index snapshot as the AppHost's stop would let it.
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
            _process.WaitForExit(TimeSpan.FromMinutes(5));
        }

        _process.Dispose();
    }
}
