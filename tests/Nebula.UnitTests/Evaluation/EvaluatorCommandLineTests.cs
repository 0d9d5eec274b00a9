using Nebula.Evaluator;
using Nebula.Evaluator.Protocol;

namespace Nebula.UnitTests.Evaluation;

public class EvaluatorCommandLineTests
{
    [Theory]
    [InlineData("temporal-test", SplitKind.TemporalTest)]
    [InlineData("temporal-validation", SplitKind.TemporalValidation)]
    [InlineData("test", SplitKind.Test)]
    [InlineData("validation", SplitKind.Validation)]
    public void Each_split_has_its_name(string text, SplitKind expected)
    {
        Assert.Equal(expected, EvaluatorCommandLine.Parse(["--split", text]).Splits.Single());
    }

    [Fact]
    public void An_unknown_split_is_refused_with_the_names_it_takes()
    {
        var error = Assert.Throws<ArgumentException>(() => EvaluatorCommandLine.Parse(["--split", "future"]));

        Assert.Contains("temporal-test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_split_every_split_is_run()
    {
        Assert.Equal(4, EvaluatorCommandLine.Parse([]).Splits.Distinct().Count());
    }

    [Fact]
    public void The_two_step_rows_paths_weigh_what_measured_best_unless_the_run_sets_a_weight()
    {
        Assert.Equal(EvaluatorCommandLine.TwoStepWeight, EvaluatorCommandLine.Parse([]).TwoStepRecommendationOptions().Blend.TwoHopWeight);
        Assert.Equal(2, EvaluatorCommandLine.Parse(["--set", "Blend:TwoHopWeight=2"]).TwoStepRecommendationOptions().Blend.TwoHopWeight);
        Assert.Equal(0, EvaluatorCommandLine.Parse([]).RecommendationOptions().Blend.TwoHopWeight);
    }

    [Fact]
    public void The_starting_blend_row_is_the_worker_blend_without_its_popularity_prior()
    {
        var commandLine = EvaluatorCommandLine.Parse(["--set", "Blend:TransitionWeight=7"]);
        var starting = commandLine.StartingBlendOptions();
        var worker = commandLine.RecommendationOptions();

        Assert.Equal(0, starting.Blend.PopularityWeight);
        Assert.NotEqual(0, worker.Blend.PopularityWeight);
        Assert.Equal(7, starting.Blend.TransitionWeight);
        Assert.Equal(worker.ProfileEventRetention, starting.ProfileEventRetention);
    }

    [Fact]
    public void The_token_budget_defaults_to_the_embedders_and_can_be_raised_to_the_models_limit()
    {
        Assert.Equal(new Nebula.Catalog.Embeddings.EmbeddingModelOptions().MaxTokens, EvaluatorCommandLine.Parse([]).MaxTokens);
        Assert.Equal(256, EvaluatorCommandLine.Parse(["--max-tokens", "256"]).MaxTokens);
    }

    [Theory]
    [InlineData("257")]
    [InlineData("7")]
    public void A_token_budget_beyond_the_models_range_is_refused(string budget)
    {
        Assert.Throws<ArgumentException>(() => EvaluatorCommandLine.Parse(["--max-tokens", budget]));
    }
}
