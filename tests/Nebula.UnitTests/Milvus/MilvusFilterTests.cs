using Nebula.Milvus;

namespace Nebula.UnitTests.Milvus;

public sealed class MilvusFilterTests
{
    [Fact]
    public void Contains_any_escapes_each_value()
    {
        Assert.Equal("ARRAY_CONTAINS_ANY(categories, [\"a\\\"b\", \"c\"])", MilvusFilter.ContainsAny("categories", ["a\"b", "c"]));
    }

    [Fact]
    public void A_range_bound_is_written_in_invariant_round_trip_form()
    {
        Assert.Equal("price >= 0.1", MilvusFilter.AtLeast("price", 0.1));
        Assert.Equal("price <= 1E+300", MilvusFilter.AtMost("price", 1e300));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_number_that_is_not_finite_has_no_literal(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MilvusFilter.AtLeast("price", value));
    }

    [Fact]
    public void And_parenthesises_each_clause_and_leaves_out_empty_ones()
    {
        Assert.Equal("(a == \"1\") and (b == \"2\")", MilvusFilter.And(MilvusFilter.Equal("a", "1"), null, "", MilvusFilter.Equal("b", "2")));
        Assert.Equal("a == \"1\"", MilvusFilter.And(null, MilvusFilter.Equal("a", "1")));
        Assert.Null(MilvusFilter.And(null, ""));
    }
}
