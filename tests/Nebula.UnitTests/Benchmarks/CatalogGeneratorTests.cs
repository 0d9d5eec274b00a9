using Nebula.Benchmarks;
using Nebula.Catalog.Reading;

namespace Nebula.UnitTests.Benchmarks;

/// <summary>
/// The scale benchmark's catalogue generator: seeded, in the Amazon 2018 format the Embedder reads, with its rows broken
/// on purpose rejected for the reason they were broken. Small catalogues with many broken rows, so each kind occurs.
/// </summary>
public sealed class CatalogGeneratorTests : IDisposable
{
    private const int Items = 2_000;
    private const int BrokenPerThousand = 60;

    private readonly string _directory = Directory.CreateTempSubdirectory("nebula-generator-").FullName;

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_other_bytes()
    {
        var first = CatalogGenerator.Generate(Path.Combine(_directory, "a.json.gz"), Items, seed: 7, BrokenPerThousand);
        var again = CatalogGenerator.Generate(Path.Combine(_directory, "b.json.gz"), Items, seed: 7, BrokenPerThousand);
        var other = CatalogGenerator.Generate(Path.Combine(_directory, "c.json.gz"), Items, seed: 8, BrokenPerThousand);

        Assert.Equal(Lines(first.Path), Lines(again.Path));
        Assert.NotEqual(Lines(first.Path), Lines(other.Path));
    }

    [Fact]
    public void Every_row_broken_on_purpose_is_rejected_by_the_catalog_reader_for_its_reason()
    {
        var generated = CatalogGenerator.Generate(Path.Combine(_directory, "catalog.json.gz"), Items, seed: 2018, BrokenPerThousand);

        var rejections = CatalogReader.Read(generated.Path).Select(r => r.Rejection).OfType<CatalogRowRejection>().ToList();

        Assert.All([generated.WithoutTitle, generated.WithoutId, generated.CutShort], count => Assert.True(count > 0));
        Assert.Equal(generated.WithoutTitle, rejections.Count(r => r.Reason == CatalogRejectionReason.MissingTitle));
        Assert.Equal(generated.WithoutId, rejections.Count(r => r.Reason == CatalogRejectionReason.MissingId));
        Assert.Equal(generated.CutShort, rejections.Count(r => r.Reason == CatalogRejectionReason.Malformed));
        Assert.Equal(generated.Rows - generated.Valid, rejections.Count);
    }

    [Fact]
    public void Every_other_row_is_an_item_with_its_own_id_a_title_and_a_brand()
    {
        var generated = CatalogGenerator.Generate(Path.Combine(_directory, "catalog.json.gz"), Items, seed: 2018, BrokenPerThousand);

        var items = CatalogReader.Read(generated.Path).Select(r => r.Item).OfType<CatalogItem>().ToList();

        Assert.Equal(generated.Valid, items.Count);
        Assert.Equal(items.Count, items.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(items, item =>
        {
            Assert.StartsWith("N", item.ItemId, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(item.Title));
            Assert.False(string.IsNullOrWhiteSpace(item.Brand));
        });
    }

    [Fact]
    public void A_share_of_the_rows_are_variants_of_one_product_as_in_a_real_shop()
    {
        var generated = CatalogGenerator.Generate(Path.Combine(_directory, "catalog.json.gz"), Items, seed: 2018, brokenPerThousand: 0);

        Assert.InRange(generated.InFamilies, Items / 10, Items * 6 / 10);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string[] Lines(string path)
    {
        using var reader = new StreamReader(CatalogReader.Open(path));
        return reader.ReadToEnd().Split('\n');
    }
}
