namespace Nebula.Benchmarks;

/// <summary>
/// Which item a generated event is about: uniform over the catalogue (every item equally likely: the worst case for
/// the worker's item-vector cache on a large catalogue), or Zipf-distributed (the item of popularity rank r with
/// probability ∝ 1 / r^s), as a shop's traffic is. Ranks are a seeded shuffle of the catalogue, so that a generated
/// product family's variants are not neighbours in popularity.
/// </summary>
internal sealed class ItemPicker
{
    private readonly IReadOnlyList<string> _items;
    private readonly double[]? _cumulative;
    private readonly int[]? _byRank;

    private ItemPicker(IReadOnlyList<string> items, double[]? cumulative, int[]? byRank)
    {
        _items = items;
        _cumulative = cumulative;
        _byRank = byRank;
    }

    public string Description { get; private init; } = "uniform";

    public static ItemPicker Uniform(IReadOnlyList<string> items) => new(items, null, null);

    public static ItemPicker Zipf(IReadOnlyList<string> items, double exponent, int seed = 3)
    {
        var byRank = Enumerable.Range(0, items.Count).ToArray();
        new Random(seed).Shuffle(byRank);
        var cumulative = new double[items.Count];
        var total = 0.0;
        for (var rank = 0; rank < items.Count; rank++)
        {
            total += 1 / Math.Pow(rank + 1, exponent);
            cumulative[rank] = total;
        }

        return new ItemPicker(items, cumulative, byRank) { Description = $"Zipf, s = {exponent}" };
    }

    /// <summary>From <c>--zipf S</c>: Zipf with that exponent; uniform without it.</summary>
    public static ItemPicker FromArguments(string[] args, IReadOnlyList<string> items) =>
        BenchmarkData.Option(args, "--zipf") is { } exponent
            ? Zipf(items, double.Parse(exponent, System.Globalization.CultureInfo.InvariantCulture))
            : Uniform(items);

    public string Next(Random random)
    {
        if (_cumulative is null || _byRank is null)
        {
            return _items[random.Next(_items.Count)];
        }

        var rank = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
        return _items[_byRank[rank < 0 ? Math.Min(~rank, _cumulative.Length - 1) : rank]];
    }
}
