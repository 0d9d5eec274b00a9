using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public class RepeatShareTests
{
    private static readonly RecommendationOptions Options = new();

    [Fact]
    public void A_positive_event_on_a_recent_item_counts_as_a_repeat()
    {
        Assert.Equal(new RepeatCounts(1, 1), RepeatShare.Count(["a", "b"], "b", "view", Options));
    }

    [Fact]
    public void A_positive_event_on_a_new_item_counts_without_a_repeat()
    {
        Assert.Equal(new RepeatCounts(1, 0), RepeatShare.Count(["a", "b"], "c", "purchase", Options));
    }

    [Fact]
    public void A_dislike_counts_nothing()
    {
        Assert.Equal(default, RepeatShare.Count(["a"], "a", "dislike", Options));
    }

    [Fact]
    public void Where_shoppers_never_go_back_the_history_gets_no_place()
    {
        Assert.Equal(0, RepeatShare.HistoryPlaces(new RepeatCounts(50_000, 0), 10));
    }

    [Fact]
    public void Where_a_third_of_the_events_go_back_the_history_gets_a_third_of_the_places()
    {
        Assert.Equal(3, RepeatShare.HistoryPlaces(new RepeatCounts(10_000, 3_300), 10));
    }

    [Fact]
    public void A_few_early_repeats_do_not_hand_the_list_to_the_history()
    {
        Assert.Equal(0, RepeatShare.HistoryPlaces(new RepeatCounts(1, 1), 10));
    }

    [Fact]
    public void Counts_add_up()
    {
        Assert.Equal(new RepeatCounts(3, 1), new RepeatCounts(1, 1) + new RepeatCounts(2, 0));
    }
}
