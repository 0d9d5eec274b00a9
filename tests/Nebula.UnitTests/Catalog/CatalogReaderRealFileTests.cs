using Nebula.Catalog.Reading;

namespace Nebula.UnitTests.Catalog;

public sealed class CatalogReaderRealFileTests
{
    private static string GiftCards => SharedData.Path("amazon2018-gift-cards", "meta_Gift_Cards.json.gz");

    // The demo catalogue the repository ships: ../shared/data's Scientific.text, gzipped.
    private static string Scientific => Path.Combine(RepositoryPaths.Root, "Nebula.Embedder", "DemoCatalog", "amazon2018-industrial-scientific.text.gz");

    [Fact]
    public void Amazon_2018_gift_cards_are_detected_as_Amazon_2018()
        => Assert.Equal(CatalogFormat.Amazon2018, CatalogReader.DetectFormat(GiftCards));

    [Fact]
    public void UniSrec_text_is_detected_as_UniSrec()
        => Assert.Equal(CatalogFormat.UniSrecText, CatalogReader.DetectFormat(Scientific));

    [Fact]
    public void Every_gift_card_row_is_read_or_rejected_with_a_reason()
    {
        var report = new CatalogReport();
        foreach (var row in CatalogReader.Read(GiftCards))
        {
            report.Add(row);
        }

        Assert.Equal(1547, report.Read);
        Assert.True(report.Accepted > 1500, $"accepted {report.Accepted}");
        Assert.Equal(report.Rejected, report.RejectedByReason.Values.Sum());
    }

    [Fact]
    public void Gift_card_fields_are_mapped_and_cleaned()
    {
        var amazon = CatalogReader.Read(GiftCards).Select(r => r.Item).First(i => i?.ItemId == "B001BKEWF2")!;

        Assert.Equal("Serendipity 3 $100.00 Gift Card", amazon.Title);
        Assert.Equal("Serendipity 3", amazon.Brand);
        Assert.Equal(["Gift Cards"], amazon.Categories);
        Assert.Null(amazon.Price);
        Assert.StartsWith("Gift card for the purchase of goods", amazon.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Gift_card_prices_and_images_are_read()
    {
        var items = CatalogReader.Read(GiftCards).Select(r => r.Item).OfType<CatalogItem>().ToList();

        Assert.Contains(items, i => i.Price == 25.00m);
        Assert.Contains(items, i => i.ImageUrl?.StartsWith("https://images-na.ssl-images-amazon.com/", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(items, i => i.Title.Contains('<', StringComparison.Ordinal) || (i.Description?.Contains("<br", StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public void All_4385_scientific_items_are_read_with_title_brand_and_category()
    {
        var items = CatalogReader.Read(Scientific).Select(r => r.Item!).ToList();

        Assert.Equal(4385, items.Count);
        var first = items[0];
        Assert.Equal("B0000223SI", first.ItemId);
        Assert.Equal("PORTER-CABLE 740000801 4 1/2-Inch x 10yd 80 Grit Adhesive-Backed Sanding Roll", first.Title);
        Assert.Equal("PORTER-CABLE", first.Brand);
        Assert.Equal(["Industrial & Scientific Abrasive & Finishing Products Manual Sanding Products Sanding Rolls"], first.Categories);
    }
}
