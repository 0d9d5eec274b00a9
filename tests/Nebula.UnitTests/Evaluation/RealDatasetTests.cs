using System.Globalization;
using Nebula.Evaluator.Data;
using Nebula.Evaluator.Protocol;

namespace Nebula.UnitTests.Evaluation;

/// <summary>The loaders against the real files in shared/data.</summary>
public class RealDatasetTests
{
    private static string Scientific => SharedData.Path("amazon2018-industrial-scientific-unisrec");

    [Fact]
    public void The_unisrec_sequences_rebuilt_from_the_test_rows_give_the_published_validation_targets()
    {
        var dataset = DatasetLoaders.UniSRec(Scientific, "Scientific");
        var itemIds = File.ReadLines(Path.Combine(Scientific, "Scientific.item2index"))
            .Select(line => line.Split('\t')).ToDictionary(f => int.Parse(f[1], CultureInfo.InvariantCulture), f => f[0]);
        var expected = File.ReadLines(Path.Combine(Scientific, "Scientific.valid.inter")).Skip(1)
            .Select(line => itemIds[int.Parse(line.Split('\t')[2], CultureInfo.InvariantCulture)]).ToList();

        var secondToLast = dataset.Users.Select(user => user.Interactions[^2].ItemId).ToList();

        Assert.Equal(8442, dataset.Users.Count);
        Assert.Equal(4385, dataset.Items.Count);
        Assert.Equal(59384, dataset.InteractionCount);
        Assert.Equal(expected, secondToLast);
    }

    [Fact]
    public void Every_scientific_user_is_evaluated_on_both_splits()
    {
        var dataset = DatasetLoaders.UniSRec(Scientific, "Scientific");
        var vectors = ItemVectors.FromRows([.. dataset.Items.Select(item => item.ItemId)], new float[dataset.Items.Count * ItemVectors.Dimensions]);

        var test = EvaluationSplit.Build(dataset, vectors, SplitKind.Test);
        var validation = EvaluationSplit.Build(dataset, vectors, SplitKind.Validation);

        Assert.Equal(8442, test.Targets.Count);
        Assert.Equal(8442, validation.Targets.Count);
        Assert.Equal(59384 - 8442, test.Replay.Count);
        Assert.Equal(59384 - (2 * 8442), validation.Replay.Count);
    }

    [Fact]
    public void Movielens_reads_every_rating_and_movie()
    {
        var folder = SharedData.Path("movielens-latest-small-mlnet");

        var dataset = DatasetLoaders.MovieLens("ml", Path.Combine(folder, "recommendation-movies.csv"),
            Path.Combine(folder, "recommendation-ratings-train.csv"), Path.Combine(folder, "recommendation-ratings-test.csv"));

        Assert.Equal(9742, dataset.Items.Count);
        Assert.Equal(610, dataset.Users.Count);
        Assert.Equal(99979 + 19, dataset.InteractionCount);
        Assert.All(dataset.Users, user => Assert.True(user.Interactions.Zip(user.Interactions.Skip(1)).All(pair => pair.First.At <= pair.Second.At)));
    }
}
