using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public class RecommendationExplainerTests
{
    private static readonly RecommendationOptions Options = new()
    {
        Blend = new BlendOptions { ContentWeight = 1, TransitionWeight = 10, PopularityWeight = 2, TransitionWindow = 3, TransitionDecay = 0.5, TransitionSmoothing = 0 },
    };

    // Unit vectors in a plane: "x" and "y" are touched, the candidates lie between them or away from both.
    private static readonly Dictionary<string, float[]> Vectors = new(StringComparer.Ordinal)
    {
        ["x"] = Unit(1, 0, 0),
        ["y"] = Unit(0, 1, 0),
        ["near-x"] = Unit(0.9f, 0.1f, 0.1f),
        ["near-y"] = Unit(0.1f, 0.9f, 0.1f),
        ["away"] = Unit(-1, -1, 0.1f),
        ["linked"] = Unit(0.2f, 0.2f, 1),
        ["hit"] = Unit(0.3f, 0.3f, 0.5f),
    };

    private static readonly TasteProfile Shopper = new(Unit(1, 1, 0), 2, DateTimeOffset.UnixEpoch, 4, ["y", "x"]);

    // "y" (newest) links once to "linked" out of 4; "x" (one step back, halved) links twice out of 2.
    private static readonly Dictionary<string, TransitionRow> Rows = new(StringComparer.Ordinal)
    {
        ["y"] = new([new("linked", 1), new("near-y", 3)], 4),
        ["x"] = new([new("linked", 2)], 2),
    };

    [Fact]
    public void Explaining_keeps_the_items_their_order_and_their_scores()
    {
        var ranked = Rank(out var inputs);

        var explained = Explain(ranked, inputs);

        Assert.Equal(ranked.Select(item => (item.ItemId, item.Score)), explained.Select(item => (item.ItemId, item.Score)));
    }

    [Fact]
    public void The_reasons_are_the_blend_terms_that_added_to_the_score_and_add_up_to_it()
    {
        var ranked = Rank(out var inputs);

        var explained = Explain(ranked, inputs);

        Assert.All(explained.Where(item => item.ItemId != "away"), item => Assert.Equal(item.Score, item.Reasons!.Sum(reason => reason.Score), 1e-6));
    }

    [Fact]
    public void The_strongest_signal_comes_first()
    {
        var explained = Explain(Rank(out var inputs), inputs);

        var linked = explained.Single(item => item.ItemId == "linked");
        Assert.Equal([RecommendationReason.Next, RecommendationReason.Similar], linked.Reasons!.Select(reason => reason.Reason));
        Assert.True(linked.Reasons![0].Score > linked.Reasons[1].Score);
    }

    [Fact]
    public void A_similar_reason_names_the_touched_item_nearest_to_the_recommended_one()
    {
        var explained = Explain(Rank(out var inputs), inputs);

        Assert.Equal("x", Reason(explained, "near-x", RecommendationReason.Similar).Because);
        Assert.Equal("y", Reason(explained, "near-y", RecommendationReason.Similar).Because);
    }

    [Fact]
    public void A_next_reason_names_the_recent_item_whose_links_add_the_most()
    {
        // y's link: 1 · 1/4 = 0.25; x's link: 0.5 · 2/2 = 0.5, although x is older.
        var explained = Explain(Rank(out var inputs), inputs);

        Assert.Equal("x", Reason(explained, "linked", RecommendationReason.Next).Because);
        Assert.Equal("y", Reason(explained, "near-y", RecommendationReason.Next).Because);
    }

    [Fact]
    public void A_popular_reason_names_no_item_and_carries_the_prior_share()
    {
        var explained = Explain(Rank(out var inputs), inputs);

        var popular = Reason(explained, "hit", RecommendationReason.Popular);
        Assert.Null(popular.Because);
        Assert.Equal(Options.Blend.PopularityWeight / (1 + Shopper.EventCount), popular.Score, 12);
    }

    [Fact]
    public void A_signal_that_added_nothing_or_took_away_is_no_reason()
    {
        var explained = Explain(Rank(out var inputs), inputs);

        // "away" points away from the taste (a negative cosine), has no link and is not popular; it ranks only because the list is long.
        Assert.Empty(explained.Single(item => item.ItemId == "away").Reasons!);
        Assert.DoesNotContain(explained.Single(item => item.ItemId == "near-x").Reasons!, reason => reason.Reason is RecommendationReason.Next or RecommendationReason.Popular);
    }

    [Fact]
    public void A_similar_reason_never_names_the_recommended_item_itself()
    {
        // "x" was bought (repeatable) and comes back: its reason names the other touched item.
        var profile = Shopper with { RepeatableItems = ["x"] };
        var explained = RecommendationExplainer.Explain([new ScoredItem("x", 1)], profile, new Dictionary<string, double>(), _ => null, new Dictionary<string, double>(), Vectors.GetValueOrDefault, Options);

        Assert.Equal("y", Reason(explained, "x", RecommendationReason.Similar).Because);
    }

    [Fact]
    public void An_item_without_a_known_vector_has_no_similar_reason()
    {
        var explained = RecommendationExplainer.Explain([new ScoredItem("unknown", 1)], Shopper, new Dictionary<string, double>(), _ => null, new Dictionary<string, double>(), Vectors.GetValueOrDefault, Options);

        Assert.Empty(explained[0].Reasons!);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(45)]
    [InlineData(384)]
    [InlineData(1537)]
    public void A_similar_reason_carries_the_cosine_and_names_the_nearest_touched_item_at_any_dimension(int dimensions)
    {
        // Lengths below, at and between the vector loops' strides, so that each loop and the scalar tail are exercised.
        var random = new Random(dimensions);
        float[] Random() => Unit([.. Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5))]);
        var taste = Random();
        // The item leans towards the taste, so that its similar reason is there to check.
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal)
        {
            ["a"] = Random(), ["b"] = Random(), ["c"] = Random(), ["item"] = Unit([.. taste.Zip(Random(), (t, noise) => t + (0.5f * noise))]),
        };
        var profile = new TasteProfile(taste, 1, DateTimeOffset.UnixEpoch, 3, ["a", "b", "c"]);
        static double Dot(float[] left, float[] right) => left.Zip(right, (x, y) => (double)x * y).Sum();
        var nearest = profile.RecentItems.MaxBy(id => Dot(vectors[id], vectors["item"]));

        var explained = RecommendationExplainer.Explain(
            [new ScoredItem("item", 1)], profile, new Dictionary<string, double>(), _ => null, new Dictionary<string, double>(), vectors.GetValueOrDefault, Options);

        var similar = Assert.Single(explained[0].Reasons!, reason => reason.Reason == RecommendationReason.Similar);
        Assert.Equal(Dot(taste, vectors["item"]), similar.Score, 1e-5);
        Assert.Equal(nearest, similar.Because);
    }

    private static IReadOnlyList<ScoredItem> Rank(out (Dictionary<string, double> Transitions, Dictionary<string, double> Shares) inputs)
    {
        var transitions = new Dictionary<string, double>(StringComparer.Ordinal);
        ItemTransitions.AddScores(Shopper.RecentItems, Rows.GetValueOrDefault, Options, (to, value) => transitions[to] = transitions.GetValueOrDefault(to) + value);
        var shares = BlendedRanker.PopularityShares([new("hit", 100)]);
        inputs = (transitions, shares);
        var content = new List<ScoredItem> { new("near-x", Cosine("near-x")), new("near-y", Cosine("near-y")), new("away", Cosine("away")) };
        return BlendedRanker.Rank(Shopper, content, transitions, shares, Cosine, Options, 10);
    }

    private static IReadOnlyList<ScoredItem> Explain(IReadOnlyList<ScoredItem> ranked, (Dictionary<string, double> Transitions, Dictionary<string, double> Shares) inputs) =>
        RecommendationExplainer.Explain(ranked, Shopper, inputs.Transitions, Rows.GetValueOrDefault, inputs.Shares, Vectors.GetValueOrDefault, Options);

    private static RecommendationReason Reason(IReadOnlyList<ScoredItem> explained, string itemId, string reason) =>
        explained.Single(item => item.ItemId == itemId).Reasons!.Single(r => r.Reason == reason);

    private static double Cosine(string itemId) =>
        Vectors.TryGetValue(itemId, out var vector) ? Shopper.Vector!.Zip(vector, (a, b) => (double)a * b).Sum() : double.NegativeInfinity;

    private static float[] Unit(params float[] values)
    {
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return [.. values.Select(v => v / norm)];
    }
}
