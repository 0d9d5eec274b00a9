using System.Globalization;

namespace Nebula.Ui.Services;

/// <summary>
/// What a shopper narrowed a list to: categories (any of them) and a price range, sent to the Api as its filter
/// query parameters. Immutable, so that a component can tell a change by reference; equal when the same categories
/// (in the same order) and prices are chosen.
/// </summary>
public sealed record ProductFilter(IReadOnlyList<string> Categories, double? MinPrice, double? MaxPrice)
{
    public static readonly ProductFilter None = new([], null, null);

    public bool IsEmpty => Categories.Count == 0 && MinPrice is null && MaxPrice is null;

    public bool Equals(ProductFilter? other) =>
        other is not null
        && Categories.SequenceEqual(other.Categories, StringComparer.Ordinal)
        && MinPrice == other.MinPrice
        && MaxPrice == other.MaxPrice;

    public override int GetHashCode() => HashCode.Combine(Categories.Count, MinPrice, MaxPrice);

    /// <summary>The filter with <paramref name="category"/> added, or taken away when it was chosen.</summary>
    public ProductFilter Toggle(string category) => this with
    {
        Categories = Categories.Contains(category, StringComparer.Ordinal)
            ? [.. Categories.Where(c => !string.Equals(c, category, StringComparison.Ordinal))]
            : [.. Categories, category],
    };

    /// <summary>The Api's query parameters for this filter, each starting with '&amp;' (empty when nothing is chosen).</summary>
    public string ToQuery()
    {
        var parts = Categories.Select(c => $"&category={Uri.EscapeDataString(c)}").ToList();
        if (MinPrice is { } min)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"&minPrice={min}"));
        }

        if (MaxPrice is { } max)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"&maxPrice={max}"));
        }

        return string.Concat(parts);
    }

    /// <summary>
    /// The categories worth offering as chips for <paramref name="items"/>: the chosen ones first, then the most common
    /// ones; a category every item has narrows nothing, so it is offered only when there is no other.
    /// </summary>
    public IReadOnlyList<string> OfferedCategories(IEnumerable<ProductSummary> items, int max)
    {
        ArgumentNullException.ThrowIfNull(items);
        var shown = items.ToList();
        var counts = shown
            .SelectMany(item => (item.Categories ?? []).Distinct(StringComparer.Ordinal))
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .CountBy(c => c, StringComparer.Ordinal)
            .OrderByDescending(entry => entry.Value)
            .ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .ToList();
        var narrowing = counts.Where(entry => entry.Value < shown.Count).ToList();
        var offered = (narrowing.Count > 0 ? narrowing : counts).Select(entry => entry.Key);
        return [.. Categories.Concat(offered.Where(c => !Categories.Contains(c, StringComparer.Ordinal))).Take(Math.Max(max, Categories.Count))];
    }

    /// <summary>
    /// Short chip labels: the words every offered category starts with are left out (a catalogue whose categories
    /// are whole paths in one string, as the demo's, would otherwise show the same first words on every chip).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ChipLabels(IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var words = categories.Select(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var common = 0;
        while (categories.Count > 1
            && words.All(w => w.Length > common + 1)
            && words.All(w => string.Equals(w[common], words[0][common], StringComparison.Ordinal)))
        {
            common++;
        }

        return categories.Distinct(StringComparer.Ordinal).ToDictionary(
            c => c,
            c => common == 0 ? c : string.Join(' ', c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(common)),
            StringComparer.Ordinal);
    }
}
