using Microsoft.Playwright;

namespace Nebula.Benchmarks;

/// <summary>
/// What a shopper sees: from the press of an action button on the page to the "For you" panel showing the list
/// that action caused, measured inside the browser (a capture-phase click listener and a MutationObserver on the
/// panel's causing event id, both on <c>performance.now()</c>), in Debian's headless Chromium. Point it at a
/// running AppHost (tools/bench-ui.sh starts one).
/// </summary>
internal static class UiLatencyBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Query = "3D printer filament";

    private const string Instrument = """
        () => {
          window.nebulaBench = { pressedAt: 0, changes: [] };
          document.addEventListener('click', e => { if (e.target.closest('button.action')) window.nebulaBench.pressedAt = performance.now(); }, true);
          const panel = () => document.querySelector('section.for-you');
          new MutationObserver(() => {
            const id = panel()?.dataset.eventId;
            if (id && id !== window.nebulaBench.lastId) { window.nebulaBench.lastId = id; window.nebulaBench.changes.push({ id, at: performance.now() }); }
          }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-event-id'], childList: true });
        }
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var url = BenchmarkData.Option(args, "--url") ?? "http://localhost:5090";
        var runs = BenchmarkData.Option(args, "--runs", 30);
        if (!File.Exists(Chromium))
        {
            Console.Error.WriteLine($"{Chromium} is missing: apt-get install chromium");
            return 1;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            ChromiumSandbox = false,
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });

        var opened = System.Diagnostics.Stopwatch.StartNew();
        await page.GotoAsync($"{url.TrimEnd('/')}/?q={Uri.EscapeDataString(Query)}");
        await page.Locator("section.for-you[data-status=live]").WaitForAsync();
        await page.Locator($"section.results[data-query='{Query}'] article.product-card").First.WaitForAsync();
        Console.WriteLine($"page open to live list and results: {opened.Elapsed.TotalMilliseconds:0} ms (first load of this browser)");
        await page.EvaluateAsync(Instrument);

        var cards = page.Locator("section.results article.product-card");
        var count = await cards.CountAsync();
        var latencies = new List<double>();
        for (var run = 0; run < runs + 1; run++)
        {
            var before = await page.EvaluateAsync<int>("() => window.nebulaBench.changes.length");
            await cards.Nth(run % count).Locator("button.action[data-action=click]").ClickAsync();
            await page.WaitForFunctionAsync($"() => window.nebulaBench.changes.length > {before}", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
            var latency = await page.EvaluateAsync<double>("() => window.nebulaBench.changes.at(-1).at - window.nebulaBench.pressedAt");
            if (run > 0)
            {
                // The first press warms the page's paths; it is printed, not counted.
                latencies.Add(latency);
            }
            else
            {
                Console.WriteLine($"first press: {latency:0} ms");
            }

            // A shopper's pace, so that each press is measured on its own.
            await Task.Delay(300);
        }

        latencies.Sort();
        Console.WriteLine($"press to \"For you\" changed, {latencies.Count} presses: p50 {BenchmarkData.Percentile(latencies, 50):0} ms, p90 {BenchmarkData.Percentile(latencies, 90):0} ms, max {latencies[^1]:0} ms");
        return 0;
    }
}
