using System.Net.Http.Json;
using Edge.Cloud.Tests.Infrastructure;
using Edge.TestKit;
using Microsoft.Playwright;

namespace Edge.Cloud.Tests.Browser;

/// <summary>
/// The dashboard in Debian's Chromium, driven by Playwright (never <c>playwright install</c>: the system browser is used).
/// Screenshots go to tests/Edge.Cloud.Tests/TestResults/screenshots.
/// </summary>
[Trait("Needs", "chromium")]
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] s_chromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [NeedsFact(Chromium)]
    public async Task Engineer_LogsIn_SeesOnlyOwnSiteAndAcknowledgesAnAlert()
    {
        await using var cloud = await SeededCloud.StartAsync();
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 1366 } });

        await LoginAsync(page, cloud.Url, "erin");
        var alerts = page.Locator("#alerts tbody");
        await Assertions.Expect(alerts).ToContainTextAsync("press-01");
        await Assertions.Expect(alerts).ToContainTextAsync("critical");
        await Assertions.Expect(alerts).Not.ToContainTextAsync("lathe-07");
        await Assertions.Expect(page.Locator("#nav-stores")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "engineer-alerts");

        await page.Locator("#alerts a.machine-link", new PageLocatorOptions { HasText = "press-01" }).ClickAsync();
        await Assertions.Expect(page.Locator("#machine-title")).ToHaveTextAsync("Machine press-01");
        await Assertions.Expect(page.Locator("#features tbody")).ToContainTextAsync("temperature_slope");
        await Assertions.Expect(page.Locator("#rul-chart svg")).ToHaveCountAsync(1);
        await page.GetByLabel("Comment").FillAsync("crew on the way");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Acknowledge" }).ClickAsync();

        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("acknowledged");
        await Assertions.Expect(page.Locator("#alert-history")).ToContainTextAsync("acknowledged by erin");
        await Assertions.Expect(page.Locator("#alert-history")).ToContainTextAsync("crew on the way");
        await ScreenshotAsync(page, "engineer-machine-acknowledged");
    }

    [NeedsFact(Chromium)]
    public async Task Operator_LogsIn_SeesFootfallWithNoiseNoteAndNoPlantData()
    {
        await using var cloud = await SeededCloud.StartAsync();
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 1366 } });

        await LoginAsync(page, cloud.Url, "oscar");

        await Assertions.Expect(page.Locator("#stores-view")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#nav-plant")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByLabel("entrance at 10:00: 57 visitors")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#noise-note")).ToContainTextAsync("within ±3 with 95% confidence");
        await Assertions.Expect(page.Locator("#compare tbody")).ToContainTextAsync("+34");
        await Assertions.Expect(page.Locator("#privacy")).ToContainTextAsync("Privacy budget per release");
        await Assertions.Expect(page.Locator("#beacons tbody")).ToContainTextAsync("store-gw");
        await ScreenshotAsync(page, "operator-footfall");

        // Even navigating to the plant view by hand shows no plant data: the API refuses the operator.
        var status = await page.EvaluateAsync<int>("async () => (await fetch('/api/alerts')).status");
        Assert.Equal(403, status);
    }

    [NeedsFact(Chromium)]
    public async Task Engineer_RecordsARepairAndResolvesAsFalseAlarm_SeesBothOnTheMachinePage()
    {
        await using var cloud = await SeededCloud.StartAsync();
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 1600 } });
        await LoginAsync(page, cloud.Url, "erin");
        await page.Locator("#alerts a.machine-link", new PageLocatorOptions { HasText = "press-01" }).ClickAsync();
        await Assertions.Expect(page.Locator("#events tbody")).ToContainTextAsync("Nothing recorded yet.");

        await page.GetByLabel("What happened").SelectOptionAsync("repair");
        await page.GetByLabel("Component, cause or error code").FillAsync("bearing");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record event" }).ClickAsync();
        await Assertions.Expect(page.Locator("#events tbody")).ToContainTextAsync("repair:bearing");
        await page.GetByLabel("False alarm").CheckAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Resolve" }).ClickAsync();

        await Assertions.Expect(page.Locator("#alert-state")).ToHaveTextAsync("resolved");
        await Assertions.Expect(page.Locator("#alert-history")).ToContainTextAsync("[false alarm]");
        await page.GetByLabel("What happened").SelectOptionAsync("failure");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record event" }).ClickAsync();
        await Assertions.Expect(page.Locator("#event-result")).ToContainTextAsync("detail is required");
        await ScreenshotAsync(page, "engineer-machine-events");
    }

    [NeedsFact(Chromium)]
    public async Task Admin_ModelsView_ShowsWhichSiteRunsWhatAndPromotes()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using (var ada = await cloud.LoginAsync("ada"))
        {
            await ada.PostAsync("/api/models", ModelFiles.Content(ModelFiles.Zip("hist-7")));
            await ada.PostAsJsonAsync("/api/models/assign", new { site = "plant-a", version = "hist-7" });
        }

        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 1366 } });
        await LoginAsync(page, cloud.Url, "ada");
        await page.Locator("#nav-models").ClickAsync();
        var sites = page.Locator("#site-models tbody");
        await Assertions.Expect(sites).ToContainTextAsync("hist-7 (since");
        await Assertions.Expect(page.Locator("#models tbody")).ToContainTextAsync("history");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Promote hist-7" }).ClickAsync();

        await Assertions.Expect(page.Locator("#model-result")).ToContainTextAsync("Promoted at plant-a");
        await Assertions.Expect(sites.Locator("td").Nth(2)).ToHaveTextAsync("hist-7");
        await ScreenshotAsync(page, "admin-models");
    }

    private static async Task LoginAsync(IPage page, string url, string name)
    {
        await page.GotoAsync(url);
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(SeededCloud.Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#user")).ToContainTextAsync(name);
    }

    private static async Task<BrowserSession> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = s_chromiumArguments,
        });
        return new BrowserSession(playwright, browser);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(Path.Combine(Edge.TestKit.RepositoryPaths.Root, "tests", "Edge.Cloud.Tests"), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    private sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public async Task<IPage> NewPageAsync(BrowserNewPageOptions options)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = options.ViewportSize });
            return await context.NewPageAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
