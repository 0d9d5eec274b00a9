using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Nebula.Ui;
using Nebula.Ui.Components.Shop;
using Nebula.Ui.Services;
using InteractionRules = Nebula.Core.Contracts.InteractionRules;

namespace Nebula.UnitTests.Ui;

public class UiLogicTests
{
    [Theory]
    [InlineData("similar", "Beaker", "Because you looked at Beaker")]
    [InlineData("similar", null, "Close to what you like")]
    [InlineData("next", "Beaker", "Shoppers who looked at Beaker went on to this")]
    [InlineData("next", null, "Shoppers like you went on to this")]
    [InlineData("popular", null, "Popular right now")]
    [InlineData("match", null, "Matches your filters")]
    [InlineData("something-new", "Beaker", null)]
    public void A_reason_reads_as_a_sentence_even_when_its_item_left_the_catalogue(string reason, string? title, string? expected)
    {
        Assert.Equal(expected, ProductText.Reason(new ProductReason(reason, title is null ? null : "B1", title, 0.5)));
    }

    [Fact]
    public void The_items_that_moved_in_are_those_not_in_the_previous_list()
    {
        var before = List("alice", "A", "B", "C");
        var after = List("alice", "C", "D", "A", "E");

        Assert.Equal(["D", "E"], RecommendationView.ItemsMovedIn(before, after).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_first_list_of_a_shopper_highlights_nothing()
    {
        Assert.Empty(RecommendationView.ItemsMovedIn(null, List("alice", "A")));
        Assert.Empty(RecommendationView.ItemsMovedIn(List("bob", "B"), List("alice", "A")));
    }

    [Fact]
    public void A_new_shopper_id_is_one_the_api_accepts_and_is_fresh_each_time()
    {
        var session = new ShopperSession(Options.Create(new UiOptions { SuggestedSearches = ["x"] }));

        var first = session.NewShopperId();
        var second = session.NewShopperId();

        Assert.True(InteractionRules.IsValidUserId(first), first);
        Assert.StartsWith("shopper-", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_new_shopper_id_carries_128_random_bits_so_that_it_cannot_be_guessed()
    {
        var session = new ShopperSession(Options.Create(new UiOptions { SuggestedSearches = ["x"] }));

        var random = session.NewShopperId()["shopper-".Length..];

        Assert.Equal(32, random.Length);
        Assert.All(random, c => Assert.True(Uri.IsHexDigit(c), random));
    }

    [Fact]
    public void A_sent_action_is_found_by_its_event_id_until_the_shopper_changes()
    {
        var session = new ShopperSession(Options.Create(new UiOptions { SuggestedSearches = ["x"] }));
        session.SwitchTo("alice");
        var eventId = Guid.CreateVersion7();
        session.RecordSent(eventId, ShopperAction.View, "Beaker");

        Assert.Equal("Beaker", session.FindSent(eventId)?.ItemTitle);

        session.SwitchTo("bob");
        Assert.Null(session.FindSent(eventId));
    }

    [Fact]
    public async Task A_problem_with_field_errors_is_described_by_its_errors()
    {
        using var response = Problem(HttpStatusCode.BadRequest,
            """{"title":"Invalid request","status":400,"errors":{"userId":["userId must be 1–128 characters of letters, digits and ._:@-."]}}""");

        var message = await NebulaApiClient.DescribeFailureAsync(response, TestContext.Current.CancellationToken);

        Assert.Equal("userId must be 1–128 characters of letters, digits and ._:@-.", message);
    }

    [Fact]
    public async Task A_problem_without_field_errors_is_described_by_its_detail()
    {
        using var response = Problem(HttpStatusCode.NotFound, """{"title":"Unknown item","status":404,"detail":"No item 'B0X' in the catalogue."}""");

        Assert.Equal("No item 'B0X' in the catalogue.", await NebulaApiClient.DescribeFailureAsync(response, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_answer_that_is_not_a_problem_is_described_by_its_status()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>proxy error</html>", Encoding.UTF8, "text/html") };

        Assert.Equal("The Api answered 502 Bad Gateway.", await NebulaApiClient.DescribeFailureAsync(response, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(12.5, "$12.50")]
    [InlineData(1234.0, "$1,234.00")]
    [InlineData(null, ProductText.NoPrice)]
    public void Prices_are_dollars_whatever_the_servers_culture(double? price, string shown) =>
        Assert.Equal(shown, ProductText.Price(price));

    [Fact]
    public void The_shipped_settings_are_valid()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "Nebula.Ui", "appsettings.json"))
            .Build();
        var options = configuration.GetSection(UiOptions.SectionName).Get<UiOptions>();

        Assert.NotNull(options);
        Assert.NotEmpty(options.SuggestedSearches);
        // The one setting a deployment must give: the AppHost passes its secret parameter.
        options.ApiKey = new string('k', 43);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
    }

    [Fact]
    public void Settings_without_suggested_searches_are_refused()
    {
        var options = new UiOptions();

        Assert.Throws<ValidationException>(() => Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true));
    }

    private static HttpResponseMessage Problem(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/problem+json") };

    private static ShopperRecommendations List(string userId, params string[] itemIds) =>
        new(userId, "personalized", [.. itemIds.Select(id => new ProductSummary(id, 1, id, null, null, null))], DateTimeOffset.UnixEpoch, Guid.CreateVersion7());
}
