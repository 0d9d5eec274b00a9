using Nebula.Api.Models;
using Nebula.Api.Services;

namespace Nebula.UnitTests.Api;

public sealed class ItemFilterTests
{
    private static readonly ItemDetails Saw = new("saw-1", "Hand saw", "Acme", ["Tools", "Hand Tools", "Saws"], 25, null);
    private static readonly ItemDetails Unpriced = new("glue-1", "Glue", null, ["Tools", "Glue"], null, null);

    private static ItemFilter Filter(ItemFilterQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = ItemFilter.From(query, errors);
        Assert.Empty(errors);
        return filter!;
    }

    private static Dictionary<string, string[]> Errors(ItemFilterQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        Assert.Null(ItemFilter.From(query, errors));
        return errors;
    }

    [Fact]
    public void A_category_matches_any_level_of_the_path()
    {
        Assert.True(Filter(new() { Category = ["Hand Tools"] }).Matches(Saw));
        Assert.True(Filter(new() { Category = ["Tools"] }).Matches(Saw));
        Assert.False(Filter(new() { Category = ["Saw"] }).Matches(Saw));
    }

    [Fact]
    public void Repeated_categories_or_brands_match_any_of_them()
    {
        Assert.True(Filter(new() { Category = ["Glue", "Saws"] }).Matches(Saw));
        Assert.True(Filter(new() { Brand = ["Other", "Acme"] }).Matches(Saw));
        Assert.False(Filter(new() { Brand = ["Other"] }).Matches(Saw));
    }

    [Fact]
    public void A_price_bound_is_inclusive_and_never_met_by_an_item_without_a_price()
    {
        Assert.True(Filter(new() { MinPrice = 25, MaxPrice = 25 }).Matches(Saw));
        Assert.False(Filter(new() { MaxPrice = 24.99 }).Matches(Saw));
        Assert.False(Filter(new() { MinPrice = 0 }).Matches(Unpriced));
        Assert.True(Filter(new()).Matches(Unpriced));
    }

    [Fact]
    public void Parts_combine_and_exclude_wins()
    {
        Assert.True(Filter(new() { Category = ["Saws"], Brand = ["Acme"], MaxPrice = 30 }).Matches(Saw));
        Assert.False(Filter(new() { Category = ["Saws"], Brand = ["Acme"], MaxPrice = 30, Exclude = ["saw-1"] }).Matches(Saw));
    }

    [Fact]
    public void The_milvus_expression_has_every_part_escaped_in_a_stable_order()
    {
        var filter = Filter(new() { Category = ["B\"s", "A"], Brand = ["Acme"], MinPrice = 1.5, MaxPrice = 10, Exclude = ["x"] });

        Assert.Equal(
            "(ARRAY_CONTAINS_ANY(categories, [\"A\", \"B\\\"s\"])) and (brand in [\"Acme\"]) and (price >= 1.5) and (price <= 10) and (not (itemId in [\"x\", \"y\"]))",
            filter.ToExpression(["y"]));
    }

    [Fact]
    public void No_parts_is_no_expression()
    {
        Assert.True(Filter(new()).IsEmpty);
        Assert.Null(Filter(new()).ToExpression());
    }

    [Fact]
    public void A_minimum_above_the_maximum_is_refused_naming_both()
    {
        var errors = Errors(new() { MinPrice = 50, MaxPrice = 10 });

        Assert.Contains("minPrice (50)", Assert.Single(errors["maxPrice"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1)]
    public void A_price_that_is_negative_or_not_finite_is_refused(double price)
    {
        Assert.True(Errors(new() { MinPrice = price }).ContainsKey("minPrice"));
    }

    [Fact]
    public void Blank_names_and_bad_ids_are_refused()
    {
        var errors = Errors(new() { Category = [" "], Brand = [new string('b', 300)], Exclude = [""] });

        Assert.Equal(["brand", "category", "exclude"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void More_than_the_maximum_values_are_refused()
    {
        var many = Enumerable.Range(0, ItemFilter.MaxValues + 1).Select(i => $"c{i}").ToArray();

        Assert.True(Errors(new() { Category = many }).ContainsKey("category"));
    }
}
