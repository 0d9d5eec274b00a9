using System.Diagnostics;
using Nebula.Testing;

namespace Nebula.Benchmarks;

/// <summary>
/// The Embedder as the AppHost runs it (its Release build, its own process) against a vector service: wall time,
/// peak memory and the summary it prints; optionally killed (SIGKILL) as soon as <c>stopWhen</c> says so.
/// </summary>
internal static class EmbedderProcess
{
    public static async Task RunAsync(string name, IEnumerable<string> arguments, Uri endpoint, string token, Func<Task<bool>>? stopWhen = null)
    {
        var embedder = Path.Combine(RepositoryPaths.Root, "Nebula.Embedder", "bin", "Release", "net10.0", "Nebula.Embedder.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add(embedder);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__milvus"] = $"Endpoint={endpoint};Key={token}";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        long peakKb = 0;
        var cut = false;
        while (!exited.IsCompleted)
        {
            peakKb = Math.Max(peakKb, ProcessMemory.Read(process.Id, "VmHWM:"));
            if (stopWhen is not null && await stopWhen())
            {
                process.Kill();
                cut = true;
                break;
            }

            // Sampled once a second, but the exit ends the wait at once so that the wall time is the process's.
            await Task.WhenAny(exited, Task.Delay(1000));
        }

        await process.WaitForExitAsync();
        var text = await output;
        Console.WriteLine($"== {name}: {(cut ? "killed (SIGKILL)" : $"exit code {process.ExitCode}")} after {clock.Elapsed.TotalSeconds:0.0} s wall (process start to exit); peak memory (VmHWM) {peakKb / 1024:N0} MB");
        Console.WriteLine(string.Join('\n', text.Split('\n').SkipWhile(l => !l.Contains("Catalogue loaded", StringComparison.Ordinal)).Take(14)));
    }
}
