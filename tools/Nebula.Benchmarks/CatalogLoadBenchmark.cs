using System.Diagnostics;
using Nebula.Testing;
using Nebula.VectorService;

namespace Nebula.Benchmarks;

/// <summary>
/// The Embedder as the AppHost runs it, end to end: a fresh embedded vector service, the demo catalogue (or --catalog),
/// a first load and a re-run, wall time of each process and its summary.
/// </summary>
internal static class CatalogLoadBenchmark
{
    private const string Token = "root:benchmark";

    public static async Task<int> RunAsync(string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("nebula-bench-load-").FullName;
        try
        {
            using var server = await VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = directory, Token = Token }, CancellationToken.None);
            var embedder = Path.Combine(RepositoryPaths.Root, "Nebula.Embedder", "bin", "Release", "net10.0", "Nebula.Embedder.dll");
            foreach (var run in new[] { "first load", "re-run" })
            {
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
                start.ArgumentList.Add(embedder);
                foreach (var argument in args)
                {
                    start.ArgumentList.Add(argument);
                }

                start.Environment["ConnectionStrings__milvus"] = $"Endpoint={server.Endpoint};Key={Token}";
                var clock = Stopwatch.StartNew();
                using var process = Process.Start(start)!;
                var output = await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                Console.WriteLine($"== {run}: exit code {process.ExitCode}, {clock.Elapsed.TotalSeconds:0.0} s wall (process start to exit)");
                Console.WriteLine(string.Join('\n', output.Split('\n').SkipWhile(l => !l.Contains("Catalogue loaded", StringComparison.Ordinal)).Take(12)));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }
}
