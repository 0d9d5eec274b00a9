using Nebula.Evaluator.Protocol;

namespace Nebula.UnitTests.Evaluation;

public class RankingMetricsTests
{
    private static readonly int[] TopTen = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];

    [Fact]
    public void A_hit_at_rank_one_scores_one_on_every_metric()
    {
        var metrics = new RankingMetrics(10, 100);

        metrics.Add(TopTen, target: 10);

        Assert.Equal(1, metrics.HitRate);
        Assert.Equal(1, metrics.Ndcg);
        Assert.Equal(1, metrics.Mrr);
    }

    [Fact]
    public void A_hit_at_rank_ten_counts_as_a_hit_with_ndcg_one_over_log2_of_eleven_and_mrr_a_tenth()
    {
        var metrics = new RankingMetrics(10, 100);

        metrics.Add(TopTen, target: 19);

        Assert.Equal(1, metrics.HitRate);
        Assert.Equal(1 / Math.Log2(11), metrics.Ndcg, 12);
        Assert.Equal(0.1, metrics.Mrr, 12);
    }

    [Fact]
    public void A_miss_scores_zero()
    {
        var metrics = new RankingMetrics(10, 100);

        metrics.Add(TopTen, target: 99);

        Assert.Equal(0, metrics.HitRate);
        Assert.Equal(0, metrics.Ndcg);
        Assert.Equal(0, metrics.Mrr);
    }

    [Fact]
    public void Metrics_are_means_over_users_and_items_beyond_the_cutoff_do_not_count()
    {
        var metrics = new RankingMetrics(2, 100);

        metrics.Add([1, 2, 3], target: 2);   // rank 2: NDCG 1/log2(3), MRR 1/2
        metrics.Add([1, 2, 3], target: 3);   // rank 3 is past the cutoff: a miss
        metrics.Add([4, 5], target: 4);      // rank 1

        Assert.Equal(3, metrics.Users);
        Assert.Equal(2.0 / 3, metrics.HitRate, 12);
        Assert.Equal((1 / Math.Log2(3) + 1) / 3, metrics.Ndcg, 12);
        Assert.Equal((0.5 + 1) / 3, metrics.Mrr, 12);
    }

    [Fact]
    public void Coverage_is_the_share_of_the_catalogue_in_any_top_list()
    {
        var metrics = new RankingMetrics(2, 10);

        metrics.Add([1, 2, 3], target: 0);
        metrics.Add([2, 4], target: 0);

        Assert.Equal(3 / 10.0, metrics.Coverage, 12);
    }
}
