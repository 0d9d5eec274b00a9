using Bunit;
using Nebula.Ui.Components.Shop;
using Nebula.Ui.Services;

namespace Nebula.UnitTests.Ui;

public sealed class RecommendationListViewTests : BunitContext
{
    private static readonly DateTimeOffset UpdatedAt = new(2026, 11, 26, 9, 30, 5, TimeSpan.Zero);

    [Fact]
    public void A_popular_list_is_labelled_as_the_popular_fallback()
    {
        var panel = RenderPanel(List("popular", ["A", "B"]), movedIn: []);

        Assert.Equal("Popular right now", panel.Find(".source-label").TextContent.Trim());
        Assert.Equal("popular", panel.Find("section.for-you").GetAttribute("data-source"));
    }

    [Fact]
    public void A_personalised_list_is_labelled_personalised()
    {
        var panel = RenderPanel(List("personalized", ["A", "B"]), movedIn: []);

        Assert.Equal("Personalised", panel.Find(".source-label").TextContent.Trim());
    }

    [Fact]
    public void Items_that_moved_in_are_highlighted_and_the_others_are_not()
    {
        var panel = RenderPanel(List("personalized", ["A", "B", "C"]), movedIn: ["B"]);

        var highlighted = panel.FindAll("li.moved-in").Select(item => item.GetAttribute("data-item-id"));
        Assert.Equal(["B"], highlighted);
        Assert.Single(panel.FindAll(".new-badge"));
    }

    [Fact]
    public void The_caption_names_the_action_of_this_page_that_moved_the_list()
    {
        var panel = RenderPanel(List("personalized", ["A"]), movedIn: [],
            cause: new SentAction(ShopperAction.All.Single(action => action.Type == "add_to_cart"), "Pyrex Beaker"));

        Assert.Equal("Updated 09:30:05 UTC because you added “Pyrex Beaker” to your cart.", panel.Find(".for-you-caption").TextContent);
    }

    [Fact]
    public void Each_item_shows_its_strongest_reason_naming_the_product_behind_it()
    {
        var list = List("personalized", ["A", "B", "C"]);
        list = list with
        {
            Items =
            [
                list.Items[0] with { Reasons = [new(ProductReason.Similar, "X", "Pyrex Beaker", 0.8), new(ProductReason.Popular, null, null, 0.1)] },
                list.Items[1] with { Reasons = [new(ProductReason.Next, "Y", "Lab Goggles", 0.6)] },
                list.Items[2] with { Reasons = [new(ProductReason.Popular, null, null, 0.3)] },
            ],
        };

        var panel = RenderPanel(list, movedIn: []);

        Assert.Equal(
            ["Because you looked at Pyrex Beaker", "Shoppers who looked at Lab Goggles went on to this", "Popular right now"],
            panel.FindAll(".for-you-reason").Select(reason => reason.TextContent));
        Assert.Equal(["similar", "next", "popular"], panel.FindAll(".for-you-reason").Select(reason => reason.GetAttribute("data-reason")));
    }

    [Fact]
    public void An_item_without_reasons_shows_none()
    {
        var panel = RenderPanel(List("personalized", ["A"]), movedIn: []);

        Assert.Empty(panel.FindAll(".for-you-reason"));
    }

    [Fact]
    public void An_empty_list_invites_the_shopper_to_interact()
    {
        var panel = RenderPanel(List("popular", []), movedIn: []);

        Assert.Empty(panel.FindAll("li"));
        Assert.Contains("Nothing to recommend yet", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_that_is_reconnecting_says_so()
    {
        var panel = Render<RecommendationListView>(parameters => parameters
            .Add(p => p.UserId, "alice")
            .Add(p => p.Status, FeedStatus.Reconnecting)
            .Add(p => p.View, new RecommendationView(List("personalized", ["A"]), new HashSet<string>(), UpdatedAt)));

        Assert.Equal("reconnecting", panel.Find("section.for-you").GetAttribute("data-status"));
        Assert.Equal("Reconnecting…", panel.Find(".live-status").TextContent.Trim());
    }

    private IRenderedComponent<RecommendationListView> RenderPanel(ShopperRecommendations list, IReadOnlyCollection<string> movedIn, SentAction? cause = null) =>
        Render<RecommendationListView>(parameters => parameters
            .Add(p => p.UserId, list.UserId)
            .Add(p => p.Status, FeedStatus.Live)
            .Add(p => p.View, new RecommendationView(list, movedIn.ToHashSet(StringComparer.Ordinal), UpdatedAt))
            .Add(p => p.Cause, cause));

    private static ShopperRecommendations List(string source, IReadOnlyList<string> itemIds) =>
        new("alice", source, [.. itemIds.Select((id, rank) => new ProductSummary(id, 1.0 - rank * 0.1, $"Item {id}", "Brand", null, null))],
            source == "personalized" ? UpdatedAt : null, source == "personalized" ? Guid.CreateVersion7() : null);
}
