using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nebula.Ui;
using Nebula.Ui.Components.Shop;
using Nebula.Ui.Services;

namespace Nebula.UnitTests.Ui;

public sealed class ApiStatusBannerTests : BunitContext
{
    private readonly ApiConnectionState _connection = new();
    private readonly FakeTimeProvider _time = new();
    private readonly UiOptions _options = new() { SuggestedSearches = ["beaker"] };

    public ApiStatusBannerTests()
    {
        Services.AddSingleton(_connection);
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(Options.Create(_options));
    }

    [Fact]
    public void Nothing_shows_while_the_api_answers()
    {
        var banner = Render<ApiStatusBanner>();

        Assert.Empty(banner.FindAll(".api-banner"));
    }

    [Fact]
    public void An_unreachable_api_raises_an_alert()
    {
        var banner = Render<ApiStatusBanner>();

        _connection.ReportUnreachable("Connection refused (localhost:5080)");

        banner.WaitForAssertion(() => Assert.Equal("alert", banner.Find("[data-api=unreachable]").GetAttribute("role")));
    }

    [Fact]
    public void The_alert_gives_way_to_a_short_reconnected_note_when_the_api_answers_again()
    {
        var banner = Render<ApiStatusBanner>();
        _connection.ReportUnreachable("Connection refused");
        banner.WaitForAssertion(() => banner.Find("[data-api=unreachable]"));

        _connection.ReportReachable();
        banner.WaitForAssertion(() => banner.Find("[data-api=recovered]"));
        _time.Advance(_options.ConfirmationDuration);

        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll(".api-banner")));
    }
}
