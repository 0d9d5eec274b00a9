using Nebula.Api.Models;
using Nebula.Core.Contracts;

namespace Nebula.UnitTests.Api;

public sealed class ItemUpsertTests
{
    private static (Nebula.Catalog.Reading.CatalogItem? Item, Dictionary<string, string[]> Errors) Convert(ItemUpsert upsert)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        return (upsert.ToCatalogItem("item-1", errors), errors);
    }

    [Fact]
    public void Text_is_cleaned_as_the_embedder_cleans_a_catalogue_row()
    {
        var (item, errors) = Convert(new ItemUpsert(
            "<b>Walnut</b>   chef&amp;s knife", " Acme ", ["Kitchen", " ", "Kitchen", "Knives"], 12.5m, "https://example.com/k.jpg", "<p>Sharp.</p>"));

        Assert.Empty(errors);
        Assert.Equal("Walnut chef&s knife", item!.Title);
        Assert.Equal("Acme", item.Brand);
        Assert.Equal(["Kitchen", "Knives"], item.Categories);
        Assert.Equal("Sharp.", item.Description);
        Assert.Equal("item-1", item.ItemId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("<i></i>")]
    public void A_title_without_visible_text_is_refused(string? title)
    {
        var (item, errors) = Convert(new ItemUpsert(title));

        Assert.Null(item);
        Assert.Contains("required", Assert.Single(errors["title"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_over_its_limit_is_named()
    {
        var (item, errors) = Convert(new ItemUpsert(
            new string('t', ItemFields.TitleMaxBytes + 1),
            new string('b', ItemFields.BrandMaxBytes + 1),
            [.. Enumerable.Range(0, ItemFields.MaxCategories + 1).Select(i => $"c{i}")],
            -0.01m,
            "ftp://example.com/a.jpg",
            new string('d', ItemUpsert.MaxDescriptionLength + 1)));

        Assert.Null(item);
        Assert.Equal(["brand", "categories", "description", "imageUrl", "price", "title"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_category_longer_than_milvus_holds_is_refused_rather_than_cut()
    {
        var (item, errors) = Convert(new ItemUpsert("Knife", Categories: [new string('k', ItemFields.CategoryMaxBytes + 1)]));

        Assert.Null(item);
        Assert.Single(errors["categories"]);
    }

    [Fact]
    public void Only_a_title_is_needed()
    {
        var (item, errors) = Convert(new ItemUpsert("Knife"));

        Assert.Empty(errors);
        Assert.Equal("Knife", item!.Title);
        Assert.Empty(item.Categories);
        Assert.All(new object?[] { item.Brand, item.Price, item.ImageUrl, item.Description }, Assert.Null);
    }
}
