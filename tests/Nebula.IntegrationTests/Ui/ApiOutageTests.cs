using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Nebula.IntegrationTests.Ui;

/// <summary>
/// A real outage: the AppHost stops the Api process while the page is open, then starts it again. In the
/// pipeline group, which runs alone, because every other test needs the Api.
/// </summary>
[Collection(PipelineTestGroup.Name)]
public sealed class ApiOutageTests(EmbeddedAppHostFixture fixture, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Api = "api";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RestartPatience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_page_shows_a_banner_while_the_api_is_down_and_recovers_without_a_reload()
    {
        var shop = await ShopPage.OpenAsync(await chromium.NewPageAsync(), fixture.App.GetEndpoint("ui", "http"));
        await shop.Page.EvaluateAsync("() => window.nebulaTestMark = 'same document'");
        var timeout = new LocatorAssertionsToBeVisibleOptions { Timeout = (float)Patience.TotalMilliseconds };

        await CommandAsync(KnownResourceCommands.StopCommand);
        try
        {
            await Assertions.Expect(shop.UnreachableBanner).ToBeVisibleAsync(timeout);
            await Assertions.Expect(shop.UnreachableBanner).ToHaveAttributeAsync("role", "alert");
            await Assertions.Expect(shop.ForYou).ToHaveAttributeAsync("data-status", "reconnecting");
            await ChromiumFixture.SaveScreenshotAsync(shop.Page, "api-unreachable");
        }
        finally
        {
            await CommandAsync(KnownResourceCommands.StartCommand);
        }

        await Assertions.Expect(shop.UnreachableBanner).ToBeHiddenAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(shop.ForYou).ToHaveAttributeAsync("data-status", "live", new() { Timeout = (float)Patience.TotalMilliseconds });
        // The restarted Api loads its embedding model on this first search.
        var searching = Stopwatch.StartNew();
        await shop.SearchAsync("glass beaker");
        TestContext.Current.TestOutputHelper?.WriteLine($"The first search after the restart showed results after {searching.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal("same document", await shop.Page.EvaluateAsync<string?>("() => window.nebulaTestMark ?? null"));
    }

    private async Task CommandAsync(string command)
    {
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(Api, command, CancellationToken.None);
        Assert.True(result.Success, $"{command}: {result.Message}");
        if (command == KnownResourceCommands.StartCommand)
        {
            await WaitForHealthyApiAsync();
        }
    }

    /// <summary>
    /// Until the restarted Api answers its health check. Not the AppHost's health wait: right after a start it can still
    /// see the stopped process's state and report "failed to start" while the new process is coming up (one CI run did),
    /// which let the tests after this one call an Api that was not listening yet.
    /// </summary>
    private async Task WaitForHealthyApiAsync()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.GetEndpoint(Api, "http"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < RestartPatience)
        {
            try
            {
                using var health = await client.GetAsync("/health", CancellationToken.None);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)health.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(250, CancellationToken.None);
        }

        Assert.Fail($"The restarted Api was not healthy within {RestartPatience.TotalSeconds} s: {last}");
    }
}
