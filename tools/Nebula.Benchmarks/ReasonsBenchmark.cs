using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.Benchmarks;

/// <summary>
/// The reasons of one list as the worker gives them after every ranking (<see cref="RecommendationExplainer.Explain"/>):
/// 50 listed items and 10 recent ones, real catalogue vectors, each item's cosine to the profile (and, where positive, a
/// similar reason naming its nearest recent item), a third of them with a transition reason. The worker runs this once
/// per shopper per batch.
/// </summary>
internal static class ReasonsBenchmark
{
    private const int Listed = 50;
    private const int Recent = 10;

    public static Task<int> RunAsync(string[] args)
    {
        var rounds = BenchmarkData.Option(args, "--rounds", 5);
        var vectors = BenchmarkData.CatalogVectors();
        var random = new Random(1);
        var ids = Enumerable.Range(0, vectors.Length).Select(i => $"item-{i}").ToArray();
        var picked = Enumerable.Range(0, vectors.Length).OrderBy(_ => random.Next()).Take(Listed + Recent).ToArray();
        var recent = picked[Listed..].Select(i => ids[i]).ToList();

        // The profile: the recent items' sum, unit length, as TasteProfileUpdater keeps it.
        var profile = new float[vectors[0].Length];
        foreach (var i in picked[Listed..])
        {
            TensorPrimitives.Add(profile, vectors[i], profile);
        }

        TensorPrimitives.Divide(profile, TensorPrimitives.Norm(profile), profile);

        var taste = new TasteProfile(profile, 1, DateTimeOffset.UtcNow, 40, recent);
        var ranked = picked[..Listed].Select((i, rank) => new ScoredItem(ids[i], 2.0 - (rank * 0.01))).ToList();
        var transitionScores = ranked.Where((_, rank) => rank % 3 == 0).ToDictionary(item => item.ItemId, _ => random.NextDouble() * 0.1, StringComparer.Ordinal);
        var row = new TransitionRow([.. transitionScores.Select(entry => new KeyValuePair<string, double>(entry.Key, entry.Value * 10))], transitionScores.Count * 2);
        var byId = picked.ToDictionary(i => ids[i], i => vectors[i], StringComparer.Ordinal);
        var options = new RecommendationOptions();
        var noShares = new Dictionary<string, double>(StringComparer.Ordinal);
        Func<string, TransitionRow?> rows = from => from == recent[0] ? row : null;

        var similar = RecommendationExplainer.Explain(ranked, taste, transitionScores, rows, noShares, byId.GetValueOrDefault, options)
            .Count(item => item.Reasons!.Any(reason => reason.Reason == RecommendationReason.Similar));
        Console.WriteLine($"one list's reasons: {Listed} listed items ({similar} with a similar reason), {Recent} recent ones, {profile.Length} dimensions; {rounds} rounds of 1 s each, after a warm-up round");
        var times = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            long lists = 0;
            while (clock.ElapsedMilliseconds < 1000)
            {
                _ = RecommendationExplainer.Explain(ranked, taste, transitionScores, rows, noShares, byId.GetValueOrDefault, options);
                lists++;
            }

            if (round > 0)
            {
                times.Add(clock.Elapsed.TotalMicroseconds / lists);
            }
        }

        Console.WriteLine($"µs per list: median {BenchmarkData.Median(times):0.0} ({string.Join(", ", times.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))})");
        return Task.FromResult(0);
    }
}
