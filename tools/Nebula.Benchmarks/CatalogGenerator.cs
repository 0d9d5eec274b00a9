using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Nebula.Catalog.Embeddings;
using Nebula.Catalog.Reading;

namespace Nebula.Benchmarks;

/// <summary>
/// Writes a large catalogue in the Amazon 2018 metadata format (one JSON object per line, gzip) made from the real
/// catalogues' texts: each product family takes its title from two real titles of one category spliced together, a
/// real brand and category path, a model number, and a description of real description sentences and real titles;
/// its variants add sizes, colours and pack counts, so a shop's near-duplicates are there. A few rows are broken on
/// purpose (no title, no id, a cut line) so the Embedder's rejection counts are exercised at scale. Seeded: the same
/// arguments give the same bytes.
/// </summary>
public static class CatalogGenerator
{
    private static readonly string[] Colours =
    [
        "Black", "White", "Silver", "Gray", "Space Gray", "Red", "Blue", "Navy", "Green", "Yellow", "Orange", "Pink",
        "Purple", "Gold", "Rose Gold", "Brown", "Beige", "Clear", "Transparent Blue", "Matte Black", "Stainless Steel",
        "Graphite", "Teal", "Olive", "Charcoal",
    ];

    private static readonly string[] Sizes =
    [
        "Small", "Medium", "Large", "X-Large", "Mini", "Compact", "1/4-Inch", "3/8-Inch", "1/2-Inch", "3/4-Inch",
        "1-Inch", "2-Inch", "4-Inch", "6-Inch", "12-Inch", "24-Inch", "6 ft", "10 ft", "25 ft", "50 ft", "100 ml",
        "250 ml", "500 ml", "1 Liter", "8 oz", "16 oz", "32 oz", "1 Gallon", "5 mm", "10 mm", "M3", "M4", "M6",
        "16GB", "32GB", "64GB", "128GB", "256GB", "1TB", "2TB",
    ];

    private static readonly string[] Packs = ["Pack of 2", "Pack of 3", "Pack of 4", "Pack of 6", "Pack of 10", "Pack of 12", "2 Pack", "5 Pack", "10 Pack", "Set of 3", "Bulk 100"];

    private static readonly string[] Lead = ["Compatible with", "Works with", "Replaces", "A great companion to", "Pairs with", "Fits"];

    public static Task<int> RunAsync(string[] args)
    {
        var output = BenchmarkData.Option(args, "--out") ?? DefaultPath(BenchmarkData.Option(args, "--items", 500_000), BenchmarkData.Option(args, "--seed", 2018));
        var summary = Generate(output, BenchmarkData.Option(args, "--items", 500_000), BenchmarkData.Option(args, "--seed", 2018), BenchmarkData.Option(args, "--broken-per-thousand", 2));
        Console.WriteLine(summary);

        // Token lengths as the Embedder counts them (its 128-token budget cuts longer texts), generated against real.
        using var model = new TextEmbeddingModel(new EmbeddingModelOptions());
        var generated = CatalogReader.Read(summary.Path).Select(r => r.Item).OfType<CatalogItem>().Take(5_000).ToList();
        foreach (var (name, sample) in new[] { ("real (demo + Gift Cards)", BenchmarkData.CatalogItems()), ("generated (first 5,000)", (IReadOnlyList<CatalogItem>)generated) })
        {
            var tokens = sample.Select(i => (double)model.Tokenize(ItemText.Compose(i)).Count).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: tokens p10 {BenchmarkData.Percentile(tokens, 10)}, p50 {BenchmarkData.Percentile(tokens, 50)}, p90 {BenchmarkData.Percentile(tokens, 90)}; at the {model.MaxTokens}-token budget: {tokens.Count(t => t >= model.MaxTokens) * 100.0 / tokens.Length:0.0}%"));
        }

        return Task.FromResult(0);
    }

    /// <summary>Where the scale benchmark keeps a generated catalogue between runs.</summary>
    public static string DefaultPath(int items, int seed) => Path.Combine(Path.GetTempPath(), $"nebula-catalog-{items}-seed{seed}.json.gz");

    public static GeneratedCatalog Generate(string path, int items, int seed, int brokenPerThousand)
    {
        var sources = BenchmarkData.CatalogItems();
        var byCategory = sources.GroupBy(CategoryKey).ToDictionary(g => g.Key, g => g.ToArray());
        var brands = sources.Select(s => s.Brand).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        // Description sentences stay within their category: a drill's page does not quote a gift card's.
        var sentences = byCategory.ToDictionary(c => c.Key, c => c.Value.Select(s => s.Description).OfType<string>()
            .SelectMany(d => d.Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Length is >= 20 and <= 400).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

        var random = new Random(seed);
        var generated = new GeneratedCatalog(path);
        var temporary = path + ".partial";
        using (var file = new GZipStream(File.Create(temporary), CompressionLevel.Fastest))
        using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { SkipValidation = true }))
        {
            var index = 0;
            while (index < items)
            {
                var family = Family(random, sources, byCategory, brands, sentences);
                // Most products have no variants; some have many (sizes × colours), like a real shop.
                var variants = Math.Min(items - index, random.NextDouble() < 0.85 ? 1 : 2 + (int)(-Math.Log(1 - random.NextDouble()) * 2.5));
                var ids = Enumerable.Range(index, variants).Select(ItemId).ToArray();
                for (var v = 0; v < variants; v++, index++)
                {
                    var broken = random.Next(1000) < brokenPerThousand ? random.Next(3) : -1;
                    WriteItem(json, file, random, family, ids, v, variants, broken);
                    generated.Count(broken, variants > 1);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
        return generated;
    }

    /// <summary>The id of the generated catalogue's row <paramref name="index"/> (also what the scale benchmark reads back).</summary>
    public static string ItemId(int index) => string.Create(CultureInfo.InvariantCulture, $"N{index:D9}");

    private static string CategoryKey(CatalogItem item) => string.Join(" > ", item.Categories);

    private static ProductFamily Family(Random random, IReadOnlyList<CatalogItem> sources, Dictionary<string, CatalogItem[]> byCategory, string[] brands, Dictionary<string, string[]> sentencesByCategory)
    {
        var first = sources[random.Next(sources.Count)];
        var peers = byCategory[CategoryKey(first)];
        var sentences = sentencesByCategory[CategoryKey(first)];
        var second = peers[random.Next(peers.Length)];
        var a = first.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var b = second.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The first title's opening and the second's ending: new products that read like the category's real ones.
        var cut = Math.Max(1, (int)(a.Length * (0.35 + (0.4 * random.NextDouble()))));
        var from = Math.Min(b.Length - 1, (int)(b.Length * (0.35 + (0.4 * random.NextDouble()))));
        var title = string.Join(' ', a[..cut].Concat(b[from..]));
        var brand = (random.NextDouble() < 0.8 ? first.Brand : peers[random.Next(peers.Length)].Brand) ?? brands[random.Next(brands.Length)];
        var model = string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}-{random.Next(100, 99_999)}");
        if (random.NextDouble() < 0.5 && !title.StartsWith(brand, StringComparison.OrdinalIgnoreCase))
        {
            title = $"{brand} {title}";
        }

        var description = new List<string>();
        if (random.NextDouble() < 0.7)
        {
            var count = 1 + (int)(-Math.Log(1 - random.NextDouble()) * 2);
            for (var i = 0; i < count; i++)
            {
                description.Add(random.Next(3) switch
                {
                    0 when sentences.Length > 0 => sentences[random.Next(sentences.Length)] + ".",
                    1 => $"{Lead[random.Next(Lead.Length)]} {peers[random.Next(peers.Length)].Title}.",
                    _ => $"{peers[random.Next(peers.Length)].Title}.",
                });
            }
        }

        var price = Math.Round(Math.Exp(1 + (random.NextDouble() * 5.5)), 2);
        return new ProductFamily(title, brand, first.Categories, model, string.Join(' ', description), price);
    }

    private static void WriteItem(Utf8JsonWriter json, Stream file, Random random, ProductFamily family, string[] familyIds, int variant, int variants, int broken)
    {
        var title = family.Title;
        var model = family.Model;
        if (variants > 1)
        {
            // A variant: the family's title with its own attributes and model-number suffix.
            var attributes = new List<string>();
            if (random.NextDouble() < 0.6)
            {
                attributes.Add(Colours[random.Next(Colours.Length)]);
            }

            if (random.NextDouble() < 0.5)
            {
                attributes.Add(Sizes[random.Next(Sizes.Length)]);
            }

            if (attributes.Count == 0 || random.NextDouble() < 0.2)
            {
                attributes.Add(Packs[random.Next(Packs.Length)]);
            }

            model = string.Create(CultureInfo.InvariantCulture, $"{model}{(char)('A' + (variant % 26))}{variant / 26}");
            title = $"{title}, {string.Join(", ", attributes)}";
        }

        title = random.NextDouble() < 0.6 ? $"{title} {model}" : title;
        if (broken == 2)
        {
            // A line cut short, as a truncated download leaves it.
            file.Write(System.Text.Encoding.UTF8.GetBytes($"{{\"asin\": \"{familyIds[variant]}\", \"title\": \"{title[..(title.Length / 2)]}\n"));
            return;
        }

        json.Reset();
        json.WriteStartObject();
        if (broken != 1)
        {
            json.WriteString("asin", familyIds[variant]);
        }

        json.WriteString("title", broken == 0 ? "" : title);
        json.WriteString("brand", family.Brand);
        json.WriteStartArray("category");
        foreach (var category in family.Categories)
        {
            json.WriteStringValue(category);
        }

        json.WriteEndArray();
        json.WriteStartArray("description");
        if (family.Description.Length > 0)
        {
            json.WriteStringValue(family.Description);
        }

        json.WriteEndArray();
        json.WriteStartArray("feature");
        json.WriteStringValue($"Model {model}");
        json.WriteEndArray();
        json.WriteString("price", family.Price.ToString("$#,##0.00", CultureInfo.InvariantCulture));
        json.WriteStartArray("also_view");
        foreach (var id in familyIds.Where((_, i) => i != variant).Take(10))
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
        json.WriteString("main_cat", family.Categories.Count > 0 ? family.Categories[0] : "");
        json.WriteEndObject();
        json.Flush();
        file.WriteByte((byte)'\n');
    }

    private sealed record ProductFamily(string Title, string Brand, IReadOnlyList<string> Categories, string Model, string Description, double Price);
}
