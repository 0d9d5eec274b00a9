using Bunit;
using Nebula.Ui.Components.Shop;
using Nebula.Ui.Services;

namespace Nebula.UnitTests.Ui;

public sealed class FilterBarTests : BunitContext
{
    private ProductFilter? _changed;

    private IRenderedComponent<FilterBar> Render(ProductFilter value, bool showPrices = true) => Render<FilterBar>(parameters => parameters
        .Add(p => p.Name, "test")
        .Add(p => p.Label, "Narrow")
        .Add(p => p.Value, value)
        .Add(p => p.Offered, ["Saws", "Glue"])
        .Add(p => p.ShowPrices, showPrices)
        .Add(p => p.ValueChanged, filter => _changed = filter));

    [Fact]
    public void Pressing_a_chip_chooses_its_category_and_the_chip_shows_it_is_pressed()
    {
        var bar = Render(new ProductFilter(["Glue"], null, null));

        bar.Find("button[data-category=Saws]").Click();

        Assert.Equal(["Glue", "Saws"], _changed!.Categories);
        Assert.Equal("true", bar.Find("button[data-category=Glue]").GetAttribute("aria-pressed"));
        Assert.Equal("false", bar.Find("button[data-category=Saws]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void A_price_range_is_applied_from_the_two_inputs()
    {
        var bar = Render(ProductFilter.None);

        bar.Find("#test-min-price").Change("5");
        bar.Find("#test-max-price").Change("20.5");
        bar.Find("form.price-range").Submit();

        Assert.Equal((5.0, 20.5), (_changed!.MinPrice, _changed.MaxPrice));
        Assert.Empty(_changed.Categories);
    }

    [Fact]
    public void A_minimum_above_the_maximum_is_refused_on_the_page_and_not_applied()
    {
        var bar = Render(ProductFilter.None);

        bar.Find("#test-min-price").Change("50");
        bar.Find("#test-max-price").Change("10");
        bar.Find("form.price-range").Submit();

        Assert.Null(_changed);
        Assert.Contains("lower to a higher", bar.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_prices_to_narrow_no_price_range_is_offered()
    {
        var bar = Render(ProductFilter.None, showPrices: false);

        Assert.Empty(bar.FindAll("form.price-range"));
    }

    [Fact]
    public void Clear_filters_sets_the_empty_filter()
    {
        var bar = Render(new ProductFilter(["Saws"], 1, 2));

        bar.Find("button.link-button").Click();

        Assert.Same(ProductFilter.None, _changed);
    }
}
