using System.Net.Http.Json;
using Edge.Cloud.Access;
using Edge.Cloud.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>
/// A cloud with login required, two plant sites, one store, and users: erin (engineer, plant-a), oscar (operator, store-gw),
/// ada (admin). Passwords are random per run.
/// </summary>
internal sealed class SeededCloud : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private SeededCloud(CloudApp app) => App = app;

    public CloudApp App { get; }

    public string Url => App.Url;

    public static async Task<SeededCloud> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cloud:RequireLogin"] = "true",
            ["Cloud:PasswordIterations"] = "10000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = await CloudApp.StartAsync(settings);
        var accounts = app.Services.GetRequiredService<AccountStore>();
        await accounts.CreateUserAsync("erin", Roles.Engineer, PasswordHasher.Hash(Password, 10_000), ["plant-a"], Start, default);
        await accounts.CreateUserAsync("oscar", Roles.Operator, PasswordHasher.Hash(Password, 10_000), ["store-gw"], Start, default);
        await accounts.CreateUserAsync("ada", Roles.Admin, PasswordHasher.Hash(Password, 10_000), [], Start, default);

        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var store = app.Services.GetRequiredService<ICloudStore>();
        await store.IngestAsync(
        [
            Wrap("plant-a", 1, Summary("press-01", now.AddMinutes(-3), 71)),
            Wrap("plant-a", 2, Summary("press-01", now.AddMinutes(-2), 74)),
            Wrap("plant-a", 3, Alert("a-1", "press-01", "critical", "open", now.AddMinutes(-30), 9) with { FirstSeen = now.AddMinutes(-30) }),
            Wrap("plant-a", 4, Alert("a-1", "press-01", "critical", "updated", now.AddMinutes(-2), 6) with { FirstSeen = now.AddMinutes(-30) }),
            Wrap("plant-a", 5, Health("1.4.0", 12, 80), now.AddMinutes(-1)),
            Wrap("plant-b", 1, Summary("lathe-07", now.AddMinutes(-2), 40)),
            Wrap("plant-b", 2, Alert("b-1", "lathe-07", "warning", "open", now.AddMinutes(-5), 50)),
            Wrap("store-gw", 1, Footfall("store-12", today, ("entrance", 9, 42), ("entrance", 10, 57), ("tills", 10, 18), ("tills", 11, null))),
            Wrap("store-gw", 2, Footfall("store-12", today.AddDays(-7), ("entrance", 9, 30), ("entrance", 10, 41))),
            Wrap("store-gw", 3, Health("1.4.0", 0, 95), now.AddMinutes(-1)),
        ], now, default);
        return new SeededCloud(app);
    }

    /// <summary>An HTTP client with its own cookie jar, logged in as <paramref name="name"/>.</summary>
    public async Task<HttpClient> LoginAsync(string name)
    {
        var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/api/login", new { name, password = Password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public HttpClient Anonymous() => new(new HttpClientHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(Url) };

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
