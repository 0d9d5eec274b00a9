using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public class PopularityScoreTests
{
    private static readonly RecommendationOptions Options = new() { PopularityHalfLife = TimeSpan.FromDays(7) };

    [Fact]
    public void A_count_decays_to_half_after_one_half_life()
    {
        var at = PopularityScore.Epoch.AddDays(30);
        var stored = PopularityScore.Increment(4, at, Options);

        Assert.Equal(2, PopularityScore.DecayedCount(stored, at.AddDays(7), Options), 9);
    }

    [Fact]
    public void A_recent_event_outranks_an_older_event_of_equal_weight()
    {
        var old = PopularityScore.Increment(1, PopularityScore.Epoch.AddDays(10), Options);
        var recent = PopularityScore.Increment(1, PopularityScore.Epoch.AddDays(11), Options);

        Assert.True(recent > old);
    }

    [Fact]
    public void Two_old_events_outrank_one_new_one_within_a_half_life()
    {
        var at = PopularityScore.Epoch.AddDays(100);
        var twoOld = 2 * PopularityScore.Increment(1, at, Options);
        var oneNew = PopularityScore.Increment(1, at.AddDays(6), Options);

        Assert.True(twoOld > oneNew);
    }

    [Fact]
    public void Dislikes_add_nothing()
    {
        Assert.Equal(0, PopularityScore.Increment(-4, PopularityScore.Epoch.AddDays(1), Options));
    }

    [Fact]
    public void Scores_stay_finite_for_decades_at_the_shortest_allowed_half_life()
    {
        var score = PopularityScore.Increment(1000, PopularityScore.Epoch.AddYears(19), Options);

        Assert.True(double.IsFinite(score));
    }
}
