using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Nebula.Core.Contracts;
using Nebula.Milvus;
using Nebula.Testing;

namespace Nebula.Benchmarks;

/// <summary>
/// The original's scale: a generated 500,000-item catalogue (<see cref="CatalogGenerator"/>) loaded by the Embedder
/// process into the vector service process, as the AppHost runs them. Phase <c>load</c>: a first load cut (SIGKILL)
/// at about half, the resumed load, and a re-run that stores nothing, each with its wall time and peak memory.
/// Phase <c>serve</c>: the vector service's memory and files, its restart until the collection is loaded, and
/// searches as the Api (one vector) and the worker (a batch of vectors) send them, with recall@10 against an exact scan.
/// </summary>
internal static class ScaleBenchmark
{
    private const string Token = "root:benchmark";
    private const int K = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var items = BenchmarkData.Option(args, "--items", 500_000);
        var catalog = BenchmarkData.Option(args, "--catalog") ?? CatalogGenerator.DefaultPath(items, 2018);
        var data = BenchmarkData.Option(args, "--data") ?? Path.Combine(Path.GetTempPath(), $"nebula-scale-{items}");
        var phases = (BenchmarkData.Option(args, "--phases") ?? "load,serve").Split(',');
        // --precision int8: the Embedder's model quantised on load (Nebula:Embedding:Precision).
        string[] embedderArgs = BenchmarkData.Option(args, "--precision") is { } precision ? ["--catalog", catalog, "--precision", precision] : ["--catalog", catalog];
        // Laid out as the AppHost lays out embedded mode's data, so `--Nebula:DataDirectory <data>` starts the whole
        // application on this collection.
        var vectorData = Path.Combine(data, "milvus");
        var port = LoopbackPort.Free();
        var collection = new ItemsCollectionOptions().CollectionName;

        if (phases.Contains("load"))
        {
            var clock = Stopwatch.StartNew();
            var generated = File.Exists(catalog) ? null : CatalogGenerator.Generate(catalog, items, 2018, brokenPerThousand: 2);
            Console.WriteLine(generated is null ? $"catalogue: {catalog} (already generated)" : $"catalogue generated in {clock.Elapsed.TotalSeconds:0.0} s: {generated}");
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            using var service = await VectorServiceProcess.StartAsync(vectorData, port, Token);
            using var milvus = service.Client();
            var half = items / 2;
            await EmbedderProcess.RunAsync("first load, cut at half", embedderArgs, service.Endpoint, Token, async () => await RowCountAsync(milvus, collection) >= half);
            Console.WriteLine($"   rows stored when cut: {await RowCountAsync(milvus, collection):N0}");
            await EmbedderProcess.RunAsync("resumed load", embedderArgs, service.Endpoint, Token);
            await EmbedderProcess.RunAsync("re-run (stores nothing)", embedderArgs, service.Endpoint, Token);
            Console.WriteLine($"vector service after the loads: {service.Memory()}; rows {await RowCountAsync(milvus, collection):N0}");
        }

        if (phases.Contains("serve"))
        {
            Console.WriteLine($"files: {DirectorySize(vectorData) / 1e6:N0} MB in {vectorData}");
            foreach (var (file, size) in Directory.EnumerateFiles(vectorData, "*", SearchOption.AllDirectories).Select(f => (f, new FileInfo(f).Length)).Where(f => f.Length > 1_000_000).OrderByDescending(f => f.Length))
            {
                Console.WriteLine($"   {Path.GetRelativePath(vectorData, file)}: {size / 1e6:N0} MB");
            }

            var clock = Stopwatch.StartNew();
            using var service = await VectorServiceProcess.StartAsync(vectorData, port, Token);
            var healthy = clock.Elapsed;
            using var milvus = service.Client();
            while (await milvus.GetLoadStateAsync(collection) != MilvusLoadStates.Loaded)
            {
                await Task.Delay(50);
            }

            Console.WriteLine($"vector service start: healthy after {healthy.TotalSeconds:0.00} s, collection loaded after {clock.Elapsed.TotalSeconds:0.00} s; {service.Memory()}");
            await MeasureSearchesAsync(milvus, collection, items, BenchmarkData.Option(args, "--queries", 300));
            Console.WriteLine($"vector service after the searches: {service.Memory()}");
        }

        return 0;
    }

    private static async Task<long> RowCountAsync(MilvusClient milvus, string collection)
    {
        try
        {
            return await milvus.GetRowCountAsync(collection);
        }
        catch (MilvusException)
        {
            return 0; // The Embedder has not created the collection yet.
        }
    }

    private static async Task MeasureSearchesAsync(MilvusClient milvus, string collection, int items, int queryCount)
    {
        // Every stored vector, for the exact ground truth (the scan the index approximates).
        var clock = Stopwatch.StartNew();
        var ids = new List<string>(items);
        var vectors = new List<float[]>(items);
        foreach (var chunk in Enumerable.Range(0, items).Chunk(2_000))
        {
            foreach (var row in await milvus.GetAsync(collection, [.. chunk.Select(CatalogGenerator.ItemId)], [ItemFields.ItemId, ItemFields.Vector]))
            {
                ids.Add(row.GetProperty(ItemFields.ItemId).GetString()!);
                vectors.Add(VectorJson.Read(row.GetProperty(ItemFields.Vector)));
            }
        }

        Console.WriteLine($"read {ids.Count:N0} stored vectors in {clock.Elapsed.TotalSeconds:0.0} s");
        var random = new Random(7);
        var queries = Enumerable.Range(0, queryCount).Select(_ => random.Next(ids.Count)).ToArray();
        var truth = queries.Select(q => ExactTop(vectors, vectors[q], K)).Select(top => top.Select(i => ids[i]).ToHashSet(StringComparer.Ordinal)).ToArray();

        // One vector, ten hits: /items/{id}/similar and /items/search ask this (the Api adds its own work around it).
        var latencies = new List<double>();
        var found = 0;
        for (var i = 0; i < queries.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var hits = await milvus.SearchAsync(collection, [vectors[queries[i]]], new MilvusSearchRequest { AnnsField = ItemFields.Vector, Limit = K, OutputFields = [ItemFields.ItemId] });
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            found += hits[0].Count(h => truth[i].Contains(h.GetString(ItemFields.ItemId)!));
        }

        Print($"one vector, limit {K}", latencies, found / (double)(queries.Length * K));

        // The worker's batch: one request carrying a vector per user of a 256-event batch (~190 users), limit 40.
        const int BatchVectors = 190;
        const int WorkerLimit = 40;
        latencies.Clear();
        found = 0;
        var asked = 0;
        for (var round = 0; round < Math.Max(5, queries.Length / BatchVectors * 4); round++)
        {
            var batch = Enumerable.Range(0, BatchVectors).Select(b => queries[((round * BatchVectors) + b) % queries.Length]).ToArray();
            var started = Stopwatch.GetTimestamp();
            var hits = await milvus.SearchAsync(collection, [.. batch.Select(q => vectors[q])], new MilvusSearchRequest { AnnsField = ItemFields.Vector, Limit = WorkerLimit, OutputFields = [ItemFields.ItemId] });
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            for (var b = 0; b < batch.Length; b++)
            {
                var index = Array.IndexOf(queries, batch[b]);
                found += hits[b].Take(K).Count(h => truth[index].Contains(h.GetString(ItemFields.ItemId)!));
                asked += K;
            }
        }

        Print($"{BatchVectors} vectors, limit {WorkerLimit} (recall of the first {K})", latencies, found / (double)asked);
    }

    private static int[] ExactTop(List<float[]> vectors, float[] query, int k)
    {
        var scores = new float[vectors.Count];
        Parallel.For(0, vectors.Count, i => scores[i] = TensorPrimitives.Dot(vectors[i], query));
        return [.. Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(k)];
    }

    private static void Print(string name, List<double> latencies, double recall)
    {
        var sorted = latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"search, {name}: {sorted.Length} requests, p50 {BenchmarkData.Percentile(sorted, 50):0.00} ms, p99 {BenchmarkData.Percentile(sorted, 99):0.00} ms, recall@{K} {recall:0.000}"));
    }

    private static long DirectorySize(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
