using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text;
using Nebula.Catalog.Embeddings;
using Nebula.Milvus;
using Nebula.Milvus.Access;
using Nebula.VectorService;

namespace Nebula.Benchmarks;

/// <summary>
/// Vector search at 100k and 500k 384-d vectors: real catalogue vectors plus perturbed copies. Recall@10 against exact
/// search, and per-query latency (p50, p99), in process (the collection the REST service uses) and through REST, signed
/// in as root and as a read-only user (what the access check costs a call).
/// </summary>
internal static class VectorSearchBenchmark
{
    private const int Dimensions = TextEmbeddingModel.Dimensions;
    private const int K = 10;
    private const float Noise = 0.025f;
    private static readonly int[] EfValues = [32, 64, 128, 256];
    private const string RootToken = "root:benchmark";
    private static readonly MilvusUserSpec Reader = new("reader", "reader-benchmark", "read", [new("Collection", "*", "Search")]);

    public static async Task<int> RunAsync(string[] args)
    {
        var sizesIndex = Array.IndexOf(args, "--sizes");
        var sizes = sizesIndex >= 0 ? args[sizesIndex + 1].Split(',').Select(int.Parse).ToArray() : [100_000, 500_000];
        var queryCount = BenchmarkData.Option(args, "--queries", 500);
        var restQueries = BenchmarkData.Option(args, "--rest-queries", 200);
        var seeds = BenchmarkData.CatalogVectors();
        Console.WriteLine($"{seeds.Length:N0} real catalogue vectors as seeds; copies perturbed with N(0, {Noise}) per dimension, renormalised");

        foreach (var size in sizes)
        {
            var random = new Random(size);
            var data = new float[size][];
            for (var i = 0; i < size; i++)
            {
                data[i] = Perturb(seeds[i % seeds.Length], random);
            }

            var queries = Enumerable.Range(0, queryCount).Select(_ => Perturb(seeds[random.Next(seeds.Length)], random)).ToArray();
            var clock = Stopwatch.StartNew();
            var truth = ExactTopK(data, queries);
            Console.WriteLine($"\n== {size:N0} vectors, {queryCount} queries (exact ground truth in {clock.Elapsed.TotalSeconds:0.0} s)");

            var directory = Directory.CreateTempSubdirectory("nebula-bench-").FullName;
            try
            {
                using var server = await VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = directory, Token = RootToken }, CancellationToken.None);
                using var client = new MilvusClient(new MilvusClientSettings { Endpoint = server.Endpoint, Key = RootToken, DisableTracing = true, DisableMetrics = true });
                await client.EnsureUserAsync(Reader);
                using var reader = new MilvusClient(new MilvusClientSettings { Endpoint = server.Endpoint, Key = $"{Reader.UserName}:{Reader.Password}", DisableTracing = true, DisableMetrics = true });
                await client.CreateCollectionAsync("bench", Schema(), [new MilvusIndex("vector", "vector", "COSINE", new Dictionary<string, object> { ["index_type"] = "HNSW", ["M"] = 16, ["efConstruction"] = 128 })]);
                var collection = server.Collection("bench");
                clock.Restart();
                foreach (var chunk in Enumerable.Range(0, size).Chunk(10_000))
                {
                    collection.Import([.. chunk.Select(i => ($"v{i}", Encoding.UTF8.GetBytes($$"""{"id":"v{{i}}"}"""), data[i]))]);
                }

                Console.WriteLine($"index built: {size / clock.Elapsed.TotalSeconds:N0} vectors/s ({clock.Elapsed.TotalSeconds:0.0} s, HNSW M=16 efConstruction=128, {Environment.ProcessorCount} threads)");
                Console.WriteLine($"{"path",-12} {"ef",5} {"recall@10",10} {"p50 ms",8} {"p99 ms",8}");
                foreach (var ef in EfValues)
                {
                    var (recall, latencies) = Measure(queries, truth, q => collection.Search([q], K, null, ef, withVectors: false)[0].Select(h => h.Scalars.GetProperty("id").GetString()!).ToList());
                    Print("in-process", ef, recall, latencies);
                }

                foreach (var ef in new[] { 64, 128 })
                {
                    // Alternating, so that both identities meet the same machine state.
                    foreach (var (path, caller) in new[] { ("REST root", client), ("REST reader", reader), ("REST root", client), ("REST reader", reader) })
                    {
                        var subset = queries.Take(restQueries).ToArray();
                        var (recall, latencies) = Measure(subset, truth, q => caller.SearchAsync("bench", [q], new MilvusSearchRequest { AnnsField = "vector", Limit = K, Ef = ef, OutputFields = ["id"] })
                            .GetAwaiter().GetResult()[0].Select(h => h.GetString("id")!).ToList());
                        Print(path, ef, recall, latencies);
                    }
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        return 0;
    }

    private static MilvusCollectionSchema Schema() => new(
    [
        new MilvusField("id", MilvusDataTypes.VarChar) { IsPrimary = true, ElementTypeParams = new Dictionary<string, int> { ["max_length"] = 32 } },
        new MilvusField("vector", MilvusDataTypes.FloatVector) { ElementTypeParams = new Dictionary<string, int> { ["dim"] = Dimensions } },
    ]);

    private static (double Recall, List<double> Latencies) Measure(float[][] queries, HashSet<string>[] truth, Func<float[], List<string>> search)
    {
        foreach (var query in queries.Take(20))
        {
            search(query);
        }

        var found = 0;
        var latencies = new List<double>(queries.Length);
        for (var q = 0; q < queries.Length; q++)
        {
            var clock = Stopwatch.StartNew();
            var ids = search(queries[q]);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            found += ids.Count(truth[q].Contains);
        }

        latencies.Sort();
        return (found / (double)(queries.Length * K), latencies);
    }

    private static void Print(string path, int ef, double recall, List<double> latencies)
        => Console.WriteLine($"{path,-12} {ef,5} {recall,10:0.000} {BenchmarkData.Percentile(latencies, 50),8:0.000} {BenchmarkData.Percentile(latencies, 99),8:0.000}");

    private static HashSet<string>[] ExactTopK(float[][] data, float[][] queries)
    {
        var truth = new HashSet<string>[queries.Length];
        Parallel.For(0, queries.Length, q =>
        {
            var best = new PriorityQueue<int, float>();
            for (var i = 0; i < data.Length; i++)
            {
                var score = TensorPrimitives.Dot(queries[q], data[i]);
                if (best.Count < K)
                {
                    best.Enqueue(i, score);
                }
                else if (best.TryPeek(out _, out var worst) && score > worst)
                {
                    best.DequeueEnqueue(i, score);
                }
            }

            truth[q] = [.. best.UnorderedItems.Select(e => $"v{e.Element}")];
        });
        return truth;
    }

    /// <summary>A copy of <paramref name="seed"/> with N(0, <see cref="Noise"/>) added per dimension and renormalised.</summary>
    internal static float[] Perturb(float[] seed, Random random)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            // Box-Muller: a normal sample from two uniform ones.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            vector[i] = seed[i] + (Noise * (float)gaussian);
        }

        var norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }
}
