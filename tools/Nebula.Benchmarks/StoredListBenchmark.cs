using System.Diagnostics;
using Nebula.Core.Contracts;

namespace Nebula.Benchmarks;

/// <summary>
/// Writing one stored list as the worker does (<see cref="RecommendationList.ToUtf8Json"/>), and reading it as the Api
/// serves it: the whole list (what a filtered request needs) against its first items only
/// (<see cref="RecommendationList.ReadTop"/>, an unfiltered request). The list is the worker's usual one: 50 items, each
/// with a similar, a next and a popular reason.
/// </summary>
internal static class StoredListBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var rounds = BenchmarkData.Option(args, "--rounds", 5);
        var count = BenchmarkData.Option(args, "--count", 10);
        var random = new Random(1);
        string Id() => $"B0{random.Next(10_000_000, 99_999_999)}";
        var list = new RecommendationList(
            "load-1764662400-17",
            [.. Enumerable.Range(0, 50).Select(_ => new ScoredItem(Id(), random.NextDouble())
            {
                Reasons = [new(RecommendationReason.Similar, Id(), random.NextDouble()), new(RecommendationReason.Next, Id(), random.NextDouble()), new(RecommendationReason.Popular, null, random.NextDouble())],
            })],
            DateTimeOffset.UtcNow,
            Guid.CreateVersion7());
        var json = list.ToUtf8Json();
        Console.WriteLine($"a stored list of {list.Items.Count} items: {json.Length:N0} bytes; {rounds} rounds of 1 s each, after a warm-up round");
        var write = new List<double>();
        var whole = new List<double>();
        var top = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var writeMicroseconds = Time(() => list.ToUtf8Json());
            var wholeMicroseconds = Time(() => RecommendationList.FromJson(json));
            var topMicroseconds = Time(() => RecommendationList.ReadTop(json, count, _ => true));
            if (round > 0)
            {
                write.Add(writeMicroseconds);
                whole.Add(wholeMicroseconds);
                top.Add(topMicroseconds);
            }
        }

        Report("writing it", write);
        Report("whole list", whole);
        Report($"first {count} items", top);
        return Task.FromResult(0);
    }

    private static void Report(string label, List<double> microseconds) =>
        Console.WriteLine($"{label}: median {BenchmarkData.Median(microseconds):0.0} µs ({string.Join(", ", microseconds.Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))})");

    private static double Time(Func<object?> work)
    {
        var clock = Stopwatch.StartNew();
        long reads = 0;
        while (clock.ElapsedMilliseconds < 1000)
        {
            _ = work();
            reads++;
        }

        return clock.Elapsed.TotalMicroseconds / reads;
    }
}
