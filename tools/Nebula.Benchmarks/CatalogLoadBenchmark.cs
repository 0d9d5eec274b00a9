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
            foreach (var run in new[] { "first load", "re-run" })
            {
                await EmbedderProcess.RunAsync(run, args, server.Endpoint, Token);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }
}
