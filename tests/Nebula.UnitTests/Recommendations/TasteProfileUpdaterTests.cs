using Nebula.Core.Recommendations;

namespace Nebula.UnitTests.Recommendations;

public class TasteProfileUpdaterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly float[] X = [1, 0, 0];
    private static readonly float[] Y = [0, 1, 0];
    private static readonly float[] Z = [0, 0, 1];

    // Event retention off (1), so that each test sees one rule; its own test sets it.
    private static RecommendationOptions Options() => new()
    {
        ProfileHalfLife = TimeSpan.FromHours(1),
        ProfileEventRetention = 1,
        RecentItemsLimit = 3,
        EventWeights = new() { ["view"] = 1, ["purchase"] = 3, ["dislike"] = -2 },
    };

    private static RecommendationOptions Repeating(params string[] types)
    {
        var options = Options();
        options.RepeatableEventTypes = [.. types];
        return options;
    }

    [Fact]
    public void By_default_every_touched_item_is_left_out()
    {
        var profile = TasteProfileUpdater.Apply(null, "x", X, "purchase", Start, Options());

        Assert.Empty(profile.RepeatableItems);
        Assert.Equal(["x"], profile.ExcludedItems);
    }

    [Fact]
    public void An_item_bought_with_a_repeatable_type_may_be_recommended_again()
    {
        var profile = TasteProfileUpdater.Apply(null, "x", X, "view", Start, Repeating("purchase"));
        profile = TasteProfileUpdater.Apply(profile, "y", Y, "purchase", Start.AddMinutes(1), Repeating("purchase"));

        Assert.Equal(["y", "x"], profile.RecentItems);
        Assert.Equal(["y"], profile.RepeatableItems);
        Assert.Equal(["x"], profile.ExcludedItems);
    }

    [Fact]
    public void The_latest_event_on_an_item_decides_whether_it_comes_back()
    {
        var options = Repeating("purchase");
        var bought = TasteProfileUpdater.Apply(null, "x", X, "purchase", Start, options);
        var thenDisliked = TasteProfileUpdater.Apply(bought, "x", X, "dislike", Start.AddMinutes(1), options);
        var thenBoughtAgain = TasteProfileUpdater.Apply(thenDisliked, "x", X, "purchase", Start.AddMinutes(2), options);

        Assert.Equal(["x"], bought.RepeatableItems);
        Assert.Equal(["x"], thenDisliked.ExcludedItems);
        Assert.Equal(["x"], thenBoughtAgain.RepeatableItems);
    }

    [Fact]
    public void A_repeatable_item_that_falls_out_of_the_recent_items_is_forgotten_with_them()
    {
        var options = Repeating("purchase");
        var profile = TasteProfileUpdater.Apply(null, "a", X, "purchase", Start, options);
        foreach (var (id, minute) in new[] { ("b", 1), ("c", 2), ("d", 3) })
        {
            profile = TasteProfileUpdater.Apply(profile, id, Y, "view", Start.AddMinutes(minute), options);
        }

        Assert.Equal(["d", "c", "b"], profile.RecentItems);
        Assert.Empty(profile.RepeatableItems);
    }

    [Fact]
    public void The_first_positive_event_makes_the_profile_the_items_direction()
    {
        var profile = TasteProfileUpdater.Apply(null, "x", new float[] { 3, 0, 0 }, "view", Start, Options());

        Assert.Equal(X, profile.Vector);
        Assert.Equal(1, profile.Weight, 12);
        Assert.Equal(1, profile.EventCount);
        Assert.Equal(Start, profile.UpdatedAt);
    }

    // The weighted sum lives on the stack up to 1,024 dimensions and on the heap above: the same maths either way.
    [Theory]
    [InlineData(384)]
    [InlineData(1024)]
    [InlineData(1536)]
    public void A_profile_of_any_dimension_moves_the_same_way(int dimensions)
    {
        var x = new float[dimensions];
        var y = new float[dimensions];
        x[0] = 1;
        y[dimensions - 1] = 1;
        var options = Options();
        var first = TasteProfileUpdater.Apply(null, "x", x, "view", Start, options);

        var afterPurchase = TasteProfileUpdater.Apply(first, "y", y, "purchase", Start, options);

        Assert.Equal(dimensions, afterPurchase.Vector!.Length);
        Assert.Equal(1 / Math.Sqrt(10), afterPurchase.Vector[0], 6);
        Assert.Equal(3 / Math.Sqrt(10), afterPurchase.Vector[dimensions - 1], 6);
        Assert.Equal(Math.Sqrt(10), afterPurchase.Weight, 6);
    }

    [Fact]
    public void Event_weights_set_how_far_the_profile_moves()
    {
        var options = Options();
        var first = TasteProfileUpdater.Apply(null, "x", X, "view", Start, options);

        var afterPurchase = TasteProfileUpdater.Apply(first, "y", Y, "purchase", Start, options);

        // Sum = 1·x + 3·y, so the direction is (1, 3) / √10 and the length √10.
        Assert.Equal(1 / Math.Sqrt(10), afterPurchase.Vector![0], 6);
        Assert.Equal(3 / Math.Sqrt(10), afterPurchase.Vector[1], 6);
        Assert.Equal(Math.Sqrt(10), afterPurchase.Weight, 6);
    }

    [Fact]
    public void Each_new_event_keeps_only_the_retained_share_of_the_past_whatever_the_time_between()
    {
        var options = Options();
        options.ProfileEventRetention = 0.5;
        var first = TasteProfileUpdater.Apply(null, "x", X, "view", Start, options);

        var second = TasteProfileUpdater.Apply(first, "y", Y, "view", Start, options);

        // Sum = 0.5·x + 1·y: direction (0.5, 1) / √1.25.
        Assert.Equal(0.5 / Math.Sqrt(1.25), second.Vector![0], 6);
        Assert.Equal(1 / Math.Sqrt(1.25), second.Vector[1], 6);
        Assert.Equal(Math.Sqrt(1.25), second.Weight, 6);
    }

    [Fact]
    public void The_past_counts_half_as_much_after_one_half_life()
    {
        var options = Options();
        var first = TasteProfileUpdater.Apply(null, "x", X, "view", Start, options);

        var later = TasteProfileUpdater.Apply(first, "y", Y, "view", Start + options.ProfileHalfLife, options);

        // Sum = 0.5·x + 1·y.
        Assert.Equal(0.5 / Math.Sqrt(1.25), later.Vector![0], 6);
        Assert.Equal(1 / Math.Sqrt(1.25), later.Vector[1], 6);
        Assert.Equal(Math.Sqrt(1.25), later.Weight, 6);
    }

    [Fact]
    public void A_dislike_pushes_the_profile_away_from_the_item()
    {
        var options = Options();
        var profile = TasteProfileUpdater.Apply(null, "x", X, "purchase", Start, options);
        profile = TasteProfileUpdater.Apply(profile, "y", Y, "purchase", Start, options);

        var disliked = TasteProfileUpdater.Apply(profile, "y2", Y, "dislike", Start, options);

        // Sum = 3·x + 3·y − 2·y = 3·x + 1·y.
        Assert.Equal(3 / Math.Sqrt(10), disliked.Vector![0], 6);
        Assert.Equal(1 / Math.Sqrt(10), disliked.Vector[1], 6);
    }

    [Fact]
    public void A_first_dislike_records_the_item_but_starts_no_profile()
    {
        var profile = TasteProfileUpdater.Apply(null, "x", X, "dislike", Start, Options());

        Assert.Null(profile.Vector);
        Assert.Equal(0, profile.Weight);
        Assert.Equal(["x"], profile.RecentItems);
    }

    [Fact]
    public void A_dislike_that_cancels_the_only_liked_item_leaves_no_direction()
    {
        var options = Options();
        options.EventWeights["dislike"] = -1;
        var liked = TasteProfileUpdater.Apply(null, "x", X, "view", Start, options);

        var cancelled = TasteProfileUpdater.Apply(liked, "x", X, "dislike", Start, options);

        Assert.Null(cancelled.Vector);
    }

    [Fact]
    public void The_profile_stays_unit_length_after_many_events()
    {
        var options = Options();
        var random = new Random(7);
        TasteProfile? profile = null;
        for (var i = 0; i < 200; i++)
        {
            float[] item = [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()];
            profile = TasteProfileUpdater.Apply(profile, $"i{i}", item, i % 5 == 0 ? "dislike" : "view", Start.AddMinutes(i), options);
        }

        Assert.NotNull(profile!.Vector);
        Assert.Equal(1, Math.Sqrt(profile.Vector.Sum(x => (double)x * x)), 5);
    }

    [Fact]
    public void An_event_older_than_the_profile_is_applied_without_decay_and_keeps_the_newer_time()
    {
        var options = Options();
        var first = TasteProfileUpdater.Apply(null, "x", X, "view", Start, options);

        var late = TasteProfileUpdater.Apply(first, "y", Y, "view", Start - TimeSpan.FromHours(5), options);

        Assert.Equal(late.Vector![0], late.Vector[1], 6);
        Assert.Equal(Start, late.UpdatedAt);
    }

    [Fact]
    public void Recent_items_are_newest_first_without_repeats_and_bounded()
    {
        var options = Options();
        TasteProfile? profile = null;
        foreach (var item in new[] { "a", "b", "c", "a", "d" })
        {
            profile = TasteProfileUpdater.Apply(profile, item, Z, "view", Start, options);
        }

        Assert.Equal(["d", "a", "c"], profile!.RecentItems);
    }

    [Fact]
    public void An_unconfigured_event_type_is_refused_naming_the_configured_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => TasteProfileUpdater.Apply(null, "x", X, "wishlist", Start, Options()));

        Assert.Contains("view, purchase, dislike", error.Message, StringComparison.Ordinal);
    }
}
