using System.Diagnostics;
using Nebula.Catalog.Embeddings;
using Nebula.Catalog.Reading;
using Nebula.Testing;

namespace Nebula.Benchmarks;

/// <summary>Real catalogue texts: the demo catalogue (Industrial &amp; Scientific) and the Gift Cards metadata from ../shared/data.</summary>
internal static class BenchmarkData
{
    public static IReadOnlyList<string> CatalogTexts() => [.. CatalogItems().Select(ItemText.Compose)];

    public static IReadOnlyList<CatalogItem> CatalogItems()
    {
        List<string> files = [Path.Combine(RepositoryPaths.Root, "Nebula.Embedder", "DemoCatalog", "amazon2018-industrial-scientific.text.gz")];
        if (RepositoryPaths.SharedData is { } sharedData)
        {
            files.Add(Path.Combine(sharedData, "amazon2018-gift-cards", "meta_Gift_Cards.json.gz"));
        }

        return [.. files.SelectMany(f => CatalogReader.Read(f)).Select(r => r.Item).OfType<CatalogItem>()];
    }

    /// <summary>The catalogue's vectors (in <see cref="CatalogItems"/> order), embedded once and cached beside the system's temp files.</summary>
    public static float[][] CatalogVectors()
    {
        const int Dimensions = TextEmbeddingModel.Dimensions;
        var cache = Path.Combine(Path.GetTempPath(), "nebula-bench-catalogue-vectors.f32");
        var texts = CatalogTexts();
        if (!File.Exists(cache) || new FileInfo(cache).Length != (long)texts.Count * Dimensions * sizeof(float))
        {
            using var model = new TextEmbeddingModel(new EmbeddingModelOptions());
            var embedded = model.Embed(texts);
            File.WriteAllBytes(cache, [.. embedded.SelectMany(v => System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()).ToArray())]);
        }

        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(cache)).ToArray();
        return [.. Enumerable.Range(0, texts.Count).Select(i => floats.AsSpan(i * Dimensions, Dimensions).ToArray())];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> sortedValues, double percentile)
        => sortedValues[Math.Min(sortedValues.Count - 1, (int)Math.Ceiling(percentile / 100 * sortedValues.Count) - 1)];

    /// <summary>
    /// Runs a blocking loop (a paced producer) on a thread of its own. On a thread-pool thread it would take one of the
    /// pool's few threads (two on 2 cores) from the servers and workers this process hosts: the worker's Redis
    /// completions then waited 0.5-1.3 s for a thread, which was the worker benchmark's whole freshness tail.
    /// </summary>
    public static Task OnOwnThread(Action loop) =>
        Task.Factory.StartNew(loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Calls <paramref name="start"/>(i, due) for i = 0 … <paramref name="total"/> - 1 at <paramref name="rate"/> per
    /// second of <paramref name="clock"/>, on a thread of its own (<see cref="OnOwnThread"/>), sleeping between calls
    /// (<see cref="PreciseSleep"/>) and never spinning: a paced loop that spins takes a core from the system it
    /// measures, all of it at 500 or more per second. Latencies count from <c>due</c>, so a late call counts against
    /// the system measured; the sleep keeps that lateness to the kernel's timer slack.
    /// </summary>
    public static Task AtFixedRate(Stopwatch clock, int total, int rate, Action<int, TimeSpan> start) => OnOwnThread(() =>
    {
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            while (due - clock.Elapsed is var wait && wait > TimeSpan.Zero)
            {
                PreciseSleep.For(wait);
            }

            start(i, due);
        }
    });

    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or null when it is not given.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Option(string[] args, string name, int fallback) =>
        Option(args, name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
