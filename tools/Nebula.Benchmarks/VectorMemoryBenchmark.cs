using System.Diagnostics;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;
using Nebula.Testing;

namespace Nebula.Benchmarks;

/// <summary>
/// The vector service process's memory while it takes and holds a large catalogue, without the Embedder's 27 minutes of
/// embedding: real catalogue rows (titles, brands, categories) under new ids with perturbed copies of their real vectors,
/// upserted over REST in the Embedder's batches into the items collection. Prints RSS (sampled each second, and its peak)
/// after the load and after a restart that loads the saved index, so two builds compare side by side.
/// </summary>
internal static class VectorMemoryBenchmark
{
    private const string Token = "root:benchmark";

    public static async Task<int> RunAsync(string[] args)
    {
        var items = BenchmarkData.Option(args, "--items", 500_000);
        var batchSize = BenchmarkData.Option(args, "--batch", 1000);
        var data = BenchmarkData.Option(args, "--data") ?? Path.Combine(Path.GetTempPath(), $"nebula-vector-memory-{items}");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        var catalog = BenchmarkData.CatalogItems();
        var seeds = BenchmarkData.CatalogVectors();
        var options = new ItemsCollectionOptions();
        var port = LoopbackPort.Free();
        Console.WriteLine($"{items:N0} rows from {catalog.Count:N0} real items, batches of {batchSize:N0}; service data in {data}");
        try
        {
            var clock = Stopwatch.StartNew();
            using (var service = await VectorServiceProcess.StartAsync(data, port, Token))
            using (var milvus = service.Client())
            {
                await milvus.CreateCollectionAsync(options.CollectionName, ItemsSchema.Schema(), [ItemsSchema.VectorIndex(options)]);
                var random = new Random(items);
                var rss = new List<double>();
                var next = Stopwatch.StartNew();
                for (var start = 0; start < items; start += batchSize)
                {
                    var rows = Enumerable.Range(start, Math.Min(batchSize, items - start))
                        .Select(i => ItemsSchema.ToRow(catalog[i % catalog.Count] with { ItemId = CatalogGenerator.ItemId(i) }, VectorSearchBenchmark.Perturb(seeds[i % seeds.Length], random), "benchmark"))
                        .ToList();
                    await milvus.UpsertAsync(options.CollectionName, rows);
                    if (next.Elapsed >= TimeSpan.FromSeconds(1))
                    {
                        rss.Add(service.ResidentMegabytes());
                        next.Restart();
                    }
                }

                rss.Add(service.ResidentMegabytes());
                rss.Sort();
                Console.WriteLine($"load: {clock.Elapsed.TotalSeconds:0.0} s; RSS while loading p50 {BenchmarkData.Percentile(rss, 50):N0} / max {rss[^1]:N0} MB ({rss.Count} samples); after: {service.Memory()}");
            }

            clock.Restart();
            using (var service = await VectorServiceProcess.StartAsync(data, port, Token))
            using (var milvus = service.Client())
            {
                Console.WriteLine($"restart: healthy after {clock.Elapsed.TotalSeconds:0.00} s, {await milvus.GetRowCountAsync(options.CollectionName):N0} rows; {service.Memory()}");
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }

        return 0;
    }
}
