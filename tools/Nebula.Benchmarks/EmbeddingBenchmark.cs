using System.Diagnostics;
using System.Numerics.Tensors;
using Nebula.Catalog.Embeddings;
using Nebula.Catalog.Reading;

namespace Nebula.Benchmarks;

/// <summary>
/// Embedding throughput on real catalogue texts: a naive baseline (batches of 32 in file order) against the tuned
/// path the Embedder uses, in the same process, several runs each, medians compared.
/// </summary>
internal static class EmbeddingBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var runs = BenchmarkData.Option(args, "--runs", 3);
        // --catalog: texts of another catalogue (e.g. a generated one), its first --limit items.
        var texts = BenchmarkData.Option(args, "--catalog") is { } catalog
            ? [.. CatalogReader.Read(catalog).Select(r => r.Item).OfType<CatalogItem>().Take(BenchmarkData.Option(args, "--limit", 5_000)).Select(ItemText.Compose)]
            : BenchmarkData.CatalogTexts();
        Console.WriteLine($"{texts.Count:N0} catalogue texts; {Environment.ProcessorCount} cores; {runs} runs per configuration");

        var configurations = new (string Name, EmbeddingModelOptions Options)[]
        {
            ("naive: batch 32, file order", new EmbeddingModelOptions { BatchSize = 32, LengthBucketing = false }),
            ("length-bucketed, batch 32", new EmbeddingModelOptions { BatchSize = 32, LengthBucketing = true }),
            ("bucketed, batch 16, 1 thread a call", new EmbeddingModelOptions { IntraOpThreads = 1 }),
            ("bucketed, batch 8", new EmbeddingModelOptions { BatchSize = 8 }),
            ("tuned (Embedder's defaults)", new EmbeddingModelOptions()),
            ("tuned, int8 (Precision = Int8)", new EmbeddingModelOptions { Precision = EmbeddingPrecision.Int8 }),
        };

        var medians = new List<double>();
        float[][]? reference = null;
        foreach (var (name, options) in configurations)
        {
            using var model = new TextEmbeddingModel(options);
            model.Embed(texts.Take(64).ToList());
            var rates = new List<double>();
            float[][] vectors = [];
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                vectors = model.Embed(texts);
                rates.Add(texts.Count / clock.Elapsed.TotalSeconds);
            }

            reference ??= vectors;
            var cosines = Enumerable.Range(0, texts.Count).Select(i => (double)TensorPrimitives.CosineSimilarity(reference[i], vectors[i])).Order().ToArray();
            var median = BenchmarkData.Median(rates);
            medians.Add(median);
            Console.WriteLine($"{name,-36} median {median,7:0.0} texts/s  (runs: {string.Join(", ", rates.Select(r => r.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}; cosine to naive: min {cosines[0]:0.00000}, p1 {BenchmarkData.Percentile(cosines, 1):0.00000}, median {BenchmarkData.Median(cosines):0.00000})");
        }

        for (var i = 1; i < medians.Count; i++)
        {
            Console.WriteLine($"{configurations[i].Name} / naive = {medians[i] / medians[0]:0.00}x");
        }
        return Task.FromResult(0);
    }
}
