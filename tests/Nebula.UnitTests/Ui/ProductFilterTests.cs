using Nebula.Ui.Services;

namespace Nebula.UnitTests.Ui;

public sealed class ProductFilterTests
{
    private static ProductSummary Item(string id, params string[] categories) => new(id, 0, id, null, null, null, categories);

    [Fact]
    public void The_query_repeats_category_escapes_names_and_writes_prices_in_invariant_form()
    {
        var filter = new ProductFilter(["Saws & Drills", "Glue"], 2.5, 10);

        Assert.Equal("&category=Saws%20%26%20Drills&category=Glue&minPrice=2.5&maxPrice=10", filter.ToQuery());
        Assert.Equal("", ProductFilter.None.ToQuery());
    }

    [Fact]
    public void Toggling_a_category_adds_it_then_takes_it_away()
    {
        var once = ProductFilter.None.Toggle("Saws");

        Assert.Equal(["Saws"], once.Categories);
        Assert.Empty(once.Toggle("Saws").Categories);
    }

    [Fact]
    public void Offered_categories_leave_out_one_every_item_has_and_put_the_commonest_first()
    {
        IReadOnlyList<ProductSummary> items = [Item("a", "Tools", "Saws"), Item("b", "Tools", "Saws"), Item("c", "Tools", "Glue")];

        Assert.Equal(["Saws", "Glue"], ProductFilter.None.OfferedCategories(items, 8));
    }

    [Fact]
    public void A_category_every_item_has_is_offered_when_there_is_no_other()
    {
        IReadOnlyList<ProductSummary> items = [Item("a", "Beakers"), Item("b", "Beakers")];

        Assert.Equal(["Beakers"], ProductFilter.None.OfferedCategories(items, 8));
    }

    [Fact]
    public void Chosen_categories_are_always_offered_first_even_beyond_the_maximum()
    {
        IReadOnlyList<ProductSummary> items = [Item("a", "Saws"), Item("b", "Glue"), Item("c")];
        var filter = new ProductFilter(["Gone", "Also gone"], null, null);

        Assert.Equal(["Gone", "Also gone"], filter.OfferedCategories(items, 1));
        Assert.Equal(["Gone", "Also gone", "Glue"], filter.OfferedCategories(items, 3));
    }

    [Fact]
    public void Chip_labels_leave_out_the_words_every_category_starts_with()
    {
        var labels = ProductFilter.ChipLabels(["Industrial & Scientific Lab Beakers", "Industrial & Scientific Tapes"]);

        Assert.Equal("Lab Beakers", labels["Industrial & Scientific Lab Beakers"]);
        Assert.Equal("Tapes", labels["Industrial & Scientific Tapes"]);
    }

    [Fact]
    public void A_lone_chip_keeps_its_whole_name()
    {
        Assert.Equal("Industrial & Scientific Tapes", ProductFilter.ChipLabels(["Industrial & Scientific Tapes"])["Industrial & Scientific Tapes"]);
    }
}
