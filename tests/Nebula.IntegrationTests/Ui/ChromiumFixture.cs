using Microsoft.Playwright;

namespace Nebula.IntegrationTests.Ui;

/// <summary>
/// Debian's Chromium driven by Playwright, headless, one browser per test class (each test opens its own
/// context, so storage and the shopper id start empty). Playwright's own browser download is never used.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>A laptop's viewport; phone tests set their own.</summary>
    public static readonly ViewportSize Laptop = new() { Width = 1400, Height = 1000 };

    // Root in CI has no sandbox to drop into; the network is closed, so Chromium's own background
    // connections (updates, sync, field trials) would only fail and slow the start.
    private static readonly string[] Flags =
    [
        "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
    ];

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public static string MissingReason => $"Debian's chromium is not installed at {ExecutablePath} (bash .ci/run installs it with apt-get).";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            ChromiumSandbox = false,
            Args = Flags,
        });
    }

    /// <summary>A fresh context (empty storage) and page; the test is skipped, naming the browser, when there is none.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        if (Browser is null)
        {
            Assert.Skip(MissingReason);
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? Laptop });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a screenshot (of the whole page, or of what the screen shows) under <c>TestResults/screenshots</c> and attaches it to the test's result.</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var directory = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots")).FullName;
        var path = Path.Combine(directory, $"{name}.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        TestContext.Current.AddAttachment(name, png, "image/png");
        TestContext.Current.SendDiagnosticMessage($"Screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
