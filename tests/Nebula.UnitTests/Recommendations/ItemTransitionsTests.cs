using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public class ItemTransitionsTests
{
    private static RecommendationOptions Options(int window = 3, double decay = 0.5, double reverse = 0) => new()
    {
        Blend = new BlendOptions { TransitionWindow = window, TransitionDecay = decay, ReverseTransitionWeight = reverse, TransitionSmoothing = 0 },
    };

    [Fact]
    public void An_event_links_each_previous_item_in_the_window_to_it_with_decaying_weight()
    {
        var increments = ItemTransitions.Increments(["c", "b", "a"], "d", "view", Options(window: 2)).ToList();

        Assert.Equal([new TransitionIncrement("c", "d", 1), new TransitionIncrement("b", "d", 0.5)], increments);
    }

    [Fact]
    public void The_reverse_link_is_added_at_its_relative_weight()
    {
        var increments = ItemTransitions.Increments(["a"], "b", "click", Options(reverse: 0.25)).ToList();

        Assert.Equal([new TransitionIncrement("a", "b", 1), new TransitionIncrement("b", "a", 0.25)], increments);
    }

    [Fact]
    public void A_dislike_links_nothing()
    {
        Assert.Empty(ItemTransitions.Increments(["a", "b"], "c", "dislike", Options()));
    }

    [Fact]
    public void An_item_is_never_linked_to_itself()
    {
        var increments = ItemTransitions.Increments(["a", "b"], "a", "view", Options()).ToList();

        Assert.Equal([new TransitionIncrement("b", "a", 0.5)], increments);
    }

    [Fact]
    public void The_first_event_of_a_user_links_nothing()
    {
        Assert.Empty(ItemTransitions.Increments([], "a", "purchase", Options()));
    }

    [Fact]
    public void Recent_items_vote_for_their_links_in_proportion_to_weight_over_total_and_recency()
    {
        // a (newest) → x twice out of 4; b → x once out of 1. Weights 1 and 0.5, normalised by 1.5.
        var rows = new Dictionary<string, TransitionRow>
        {
            ["a"] = new([new("x", 2), new("y", 2)], 4),
            ["b"] = new([new("x", 1)], 1),
        };
        var scores = new Dictionary<string, double>();

        ItemTransitions.AddScores(["a", "b"], rows.GetValueOrDefault, Options(window: 2), (to, value) => scores[to] = scores.GetValueOrDefault(to) + value);

        Assert.Equal((1 * 2.0 / 4 + 0.5 * 1.0 / 1) / 1.5, scores["x"], 12);
        Assert.Equal(1 * 2.0 / 4 / 1.5, scores["y"], 12);
    }

    [Fact]
    public void Smoothing_keeps_a_single_observed_link_from_counting_as_certain()
    {
        var options = new RecommendationOptions { Blend = new BlendOptions { TransitionWindow = 1, TransitionSmoothing = 1, TwoHopWeight = 0 } };
        var scores = new Dictionary<string, double>();

        ItemTransitions.AddScores(["a"], _ => new TransitionRow([new("x", 1)], 1), options, (to, value) => scores[to] = value);

        Assert.Equal(0.5, scores["x"], 12);
    }

    [Fact]
    public void A_batchs_increments_are_summed_per_link()
    {
        var rows = ItemTransitions.SumByLink([new("a", "b", 1), new("a", "c", 0.5), new("a", "b", 0.7), new("b", "a", 1)]);

        Assert.Equal(1.7, rows["a"]["b"], 12);
        Assert.Equal(0.5, rows["a"]["c"], 12);
        Assert.Equal(["a"], rows["b"].Keys);
    }

    [Fact]
    public void The_popularity_prior_fades_as_the_history_grows()
    {
        var options = new RecommendationOptions { Blend = new BlendOptions { PopularityWeight = 2 } };

        Assert.Equal(2, ItemTransitions.PopularityPriorWeight(0, options));
        Assert.Equal(0.5, ItemTransitions.PopularityPriorWeight(3, options));
    }

    [Fact]
    public void The_strongest_source_is_the_recent_item_adding_the_most_to_the_score_and_none_when_nothing_links()
    {
        // a (newest): 1 · 1/4; b (one back, halved): 0.5 · 3/3, although older.
        var rows = new Dictionary<string, TransitionRow>
        {
            ["a"] = new([new("x", 1), new("y", 3)], 4),
            ["b"] = new([new("x", 3)], 3),
        };

        Assert.Equal("b", ItemTransitions.StrongestSource(["a", "b"], rows.GetValueOrDefault, "x", Options(window: 2)));
        Assert.Equal("a", ItemTransitions.StrongestSource(["a", "b"], rows.GetValueOrDefault, "y", Options(window: 2)));
        Assert.Null(ItemTransitions.StrongestSource(["a", "b"], rows.GetValueOrDefault, "z", Options(window: 2)));
        Assert.Equal("a", ItemTransitions.StrongestSource(["a", "b"], rows.GetValueOrDefault, "x", Options(window: 1)));
    }

    private static RecommendationOptions TwoHop(int sources = 10, int origins = 1) => new()
    {
        Blend = new BlendOptions
        {
            TransitionWindow = 1, TransitionDecay = 0.5, TransitionSmoothing = 0, TwoHopWeight = 2, TwoHopOrigins = origins, TwoHopSources = sources, TwoHopLinks = 20,
        },
    };

    // a (newest) → b or c, half each; b → d or back to a, half each.
    private static readonly Dictionary<string, TransitionRow> Paths = new()
    {
        ["a"] = new([new("b", 2), new("c", 2)], 4),
        ["b"] = new([new("d", 1), new("a", 1)], 2),
        ["c"] = new([new("e", 3)], 3),
    };

    [Fact]
    public void A_two_step_path_from_the_newest_item_adds_its_weight_times_both_steps_probabilities()
    {
        var scores = new Dictionary<string, double>();

        ItemTransitions.AddScores(["a"], Paths.GetValueOrDefault, TwoHop(), (to, value) => scores[to] = scores.GetValueOrDefault(to) + value);

        Assert.Equal(2 * (2.0 / 4) * (1.0 / 2), scores["d"], 12);
        Assert.Equal(2 * (2.0 / 4) * (3.0 / 3), scores["e"], 12);
        Assert.Equal(2.0 / 4, scores["b"], 12);
    }

    [Fact]
    public void A_two_step_path_back_to_one_of_the_users_recent_items_adds_nothing()
    {
        var scores = new Dictionary<string, double>();

        ItemTransitions.AddScores(["a", "e"], Paths.GetValueOrDefault, TwoHop(), (to, value) => scores[to] = scores.GetValueOrDefault(to) + value);

        Assert.False(scores.ContainsKey("a"));
        Assert.False(scores.ContainsKey("e"));
        Assert.True(scores.ContainsKey("d"));
    }

    [Fact]
    public void Only_the_newest_items_strongest_links_are_followed_a_second_step()
    {
        Assert.Equal(["b"], ItemTransitions.TwoHopSources(["a"], Paths.GetValueOrDefault, TwoHop(sources: 1)));
        Assert.Empty(ItemTransitions.TwoHopSources(["a"], Paths.GetValueOrDefault, new RecommendationOptions { Blend = new BlendOptions { TwoHopWeight = 0 } }));
    }

    [Fact]
    public void The_source_of_an_item_reached_only_in_two_steps_is_the_newest_item()
    {
        Assert.Equal("a", ItemTransitions.StrongestSource(["a"], Paths.GetValueOrDefault, "e", TwoHop()));
        Assert.Null(ItemTransitions.StrongestSource(["a"], Paths.GetValueOrDefault, "e", TwoHop(sources: 1)));
    }

    [Fact]
    public void An_older_items_two_step_paths_weigh_decay_times_less()
    {
        // f (newest) leads nowhere; x (one back) → m → t, each step certain: TwoHopWeight 2 × decay 0.5.
        var rows = new Dictionary<string, TransitionRow> { ["x"] = new([new("m", 1)], 1), ["m"] = new([new("t", 1)], 1) };
        var scores = new Dictionary<string, double>();

        ItemTransitions.AddScores(["f", "x"], rows.GetValueOrDefault, TwoHop(origins: 2), (to, value) => scores[to] = scores.GetValueOrDefault(to) + value);

        Assert.Equal(2 * 0.5, scores["t"], 12);
        Assert.Equal(["m"], ItemTransitions.TwoHopSources(["f", "x"], rows.GetValueOrDefault, TwoHop(origins: 2)));
        Assert.Equal("x", ItemTransitions.StrongestSource(["f", "x"], rows.GetValueOrDefault, "t", TwoHop(origins: 2)));
        Assert.Null(ItemTransitions.StrongestSource(["f", "x"], rows.GetValueOrDefault, "t", TwoHop(origins: 1)));
    }

    [Fact]
    public void The_sources_asked_for_a_lists_items_are_those_items_sources_among_everything_reached()
    {
        // f (newest) → m → t; x (one back) → n → t and u. Direct: m from f. Two steps: t mostly from f, u only from x.
        var rows = new Dictionary<string, TransitionRow>
        {
            ["f"] = new([new("m", 1)], 1),
            ["x"] = new([new("n", 1)], 1),
            ["m"] = new([new("t", 1)], 1),
            ["n"] = new([new("t", 3), new("u", 1)], 4),
        };
        var options = TwoHop(origins: 2);
        var everything = ItemTransitions.StrongestSources(["f", "x"], rows.GetValueOrDefault, options);

        var listed = ItemTransitions.StrongestSources(["f", "x"], rows.GetValueOrDefault, options, new HashSet<string> { "u", "m", "absent" });

        Assert.Equal(new Dictionary<string, string> { ["m"] = "f", ["t"] = "f", ["u"] = "x" }, everything);
        Assert.Equal(new Dictionary<string, string> { ["m"] = "f", ["u"] = "x" }, listed);
    }
}
