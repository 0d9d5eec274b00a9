using System.ComponentModel.DataAnnotations;
using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public class RecommendationOptionsTests
{
    private static List<ValidationResult> Validate(RecommendationOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void The_defaults_are_valid_and_name_the_five_event_types()
    {
        var options = new RecommendationOptions();

        Assert.Empty(Validate(options));
        Assert.Equal(["view", "click", "add_to_cart", "purchase", "dislike"], options.EventWeights.Keys);
        Assert.True(options.WeightOf("dislike") < 0);
    }

    [Fact]
    public void A_repeatable_type_that_is_not_an_event_type_is_refused_naming_it()
    {
        var options = new RecommendationOptions { RepeatableEventTypes = ["refill"] };

        Assert.Contains(Validate(options), r => r.ErrorMessage!.Contains("'refill'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_stored_list_shorter_than_the_list_is_refused()
    {
        var options = new RecommendationOptions { RecommendationCount = 20, StoredListLength = 10 };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(RecommendationOptions.StoredListLength)));
    }

    [Fact]
    public void A_zero_weight_is_refused_naming_the_type()
    {
        var options = new RecommendationOptions();
        options.EventWeights["share"] = 0;

        Assert.Contains(Validate(options), r => r.ErrorMessage!.Contains("'share'", StringComparison.Ordinal));
    }

    [Fact]
    public void Weights_that_are_all_negative_are_refused()
    {
        var options = new RecommendationOptions { EventWeights = new() { ["dislike"] = -1 } };

        Assert.Contains(Validate(options), r => r.ErrorMessage!.Contains("positive", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_type_that_is_not_a_lower_case_identifier_is_refused()
    {
        var options = new RecommendationOptions();
        options.EventWeights["Add To Cart"] = 1;

        Assert.Contains(Validate(options), r => r.ErrorMessage!.Contains("'Add To Cart'", StringComparison.Ordinal));
    }
}
