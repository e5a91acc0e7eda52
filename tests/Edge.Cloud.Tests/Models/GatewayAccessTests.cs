using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.Cloud.Access;
using Edge.Cloud.Hosting;
using Edge.Cloud.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Cloud.Tests.Models;

public sealed partial class GatewayAccessTests
{
    [Fact]
    public async Task GatewayModels_TwoSites_EachGatewaySeesAndDownloadsOnlyItsOwn()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var ada = await cloud.LoginAsync("ada");
        var fileA = ModelFiles.Zip("hist-a");
        var fileB = ModelFiles.Zip("hist-bb");
        await ada.PostAsync("/api/models", ModelFiles.Content(fileA));
        await ada.PostAsync("/api/models", ModelFiles.Content(fileB));
        await ada.PostAsJsonAsync("/api/models/assign", new { site = "plant-a", version = "hist-a" });
        await ada.PostAsJsonAsync("/api/models/assign", new { site = "plant-b", machineKind = "lathe", version = "hist-bb", stage = "serving" });
        using var gatewayA = await GatewayClientAsync(cloud, "plant-a");
        using var gatewayB = await GatewayClientAsync(cloud, "plant-b");

        var modelsA = await gatewayA.GetFromJsonAsync<JsonElement>("/api/gateway/models");
        var modelsB = await gatewayB.GetFromJsonAsync<JsonElement>("/api/gateway/models");
        var downloaded = await gatewayA.GetByteArrayAsync("/api/gateway/models/hist-a/file");
        using var otherSite = await gatewayA.GetAsync("/api/gateway/models/hist-bb/file");
        using var unknown = await gatewayA.GetAsync("/api/gateway/models/nope/file");

        var a = Assert.Single(modelsA.EnumerateArray());
        Assert.Equal(("default", "shadow", "hist-a"), (a.GetProperty("machineKind").GetString(), a.GetProperty("stage").GetString(), a.GetProperty("version").GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(fileA)), a.GetProperty("sha256").GetString());
        Assert.Equal(fileA.Length, a.GetProperty("size").GetInt64());
        Assert.Equal(fileA, downloaded);
        var b = Assert.Single(modelsB.EnumerateArray());
        Assert.Equal(("lathe", "serving", "hist-bb"), (b.GetProperty("machineKind").GetString(), b.GetProperty("stage").GetString(), b.GetProperty("version").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, otherSite.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task GatewayEvents_After_ReturnsOwnSitesEventsAscendingFromTheCursor()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");
        using var ada = await cloud.LoginAsync("ada");
        await erin.PostAsJsonAsync("/api/machines/press-01/events?site=plant-a", new { kind = "failure", detail = "bearing", timestamp = "2026-11-29T09:00:00Z" });
        await ada.PostAsJsonAsync("/api/machines/lathe-07/events?site=plant-b", new { kind = "maintenance", detail = "spindle" });
        await erin.PostAsJsonAsync("/api/machines/press-01/events?site=plant-a", new { kind = "repair", detail = "bearing" });
        using var gatewayA = await GatewayClientAsync(cloud, "plant-a");

        var all = (await gatewayA.GetFromJsonAsync<JsonElement>("/api/gateway/events")).EnumerateArray().ToList();
        var after = (await gatewayA.GetFromJsonAsync<JsonElement>($"/api/gateway/events?after={all[0].GetProperty("id").GetInt64()}")).EnumerateArray().ToList();

        Assert.Equal(["bearing", "repair:bearing"], all.Select(e => e.GetProperty("detail").GetString()));
        Assert.True(all[0].GetProperty("id").GetInt64() < all[1].GetProperty("id").GetInt64());
        Assert.Equal(("press-01", "failure"), (all[0].GetProperty("machine").GetString(), all[0].GetProperty("kind").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero), all[0].GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("maintenance", Assert.Single(after).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task GatewayToken_OutsideGatewayRoutes_IsForbiddenAndPeopleCannotUseGatewayRoutes()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var gateway = await GatewayClientAsync(cloud, "plant-a");
        using var erin = await cloud.LoginAsync("erin");
        using var ada = await cloud.LoginAsync("ada");

        string[] refused = ["/api/machines", "/api/alerts", "/api/me", "/api/gateways", "/api/sites/models", "/api/models/public-key", "/api/history/events.csv?site=plant-a"];
        foreach (var route in refused)
        {
            using var response = await gateway.GetAsync(route);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route}: {response.StatusCode}");
        }

        using var post = await gateway.PostAsJsonAsync("/api/machines/press-01/events?site=plant-a", new { kind = "failure", detail = "x" });
        using var engineer = await erin.GetAsync("/api/gateway/models");
        using var admin = await ada.GetAsync("/api/gateway/events");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, engineer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Fact]
    public async Task AdminAddGateway_PrintsATokenThatOpensTheGatewayRoutes()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"edge-admin-gw-{Guid.NewGuid():N}");
        using var output = new StringWriter();
        using var keyOutput = new StringWriter();

        var exit = await AdminCommand.RunAsync(["admin", "add-gateway", "plant-a", $"--Cloud:DataDirectory={folder}", "--Cloud:PasswordIterations=10000"], output, default);
        var bad = await AdminCommand.RunAsync(["admin", "add-gateway", "aa:bb:cc:dd:ee:ff", $"--Cloud:DataDirectory={folder}"], TextWriter.Null, default);
        await AdminCommand.RunAsync(["admin", "model-public-key", $"--Cloud:DataDirectory={folder}"], keyOutput, default);
        var token = TokenPattern().Match(output.ToString()).Groups[1].Value;

        await using var cloud = await CloudApp.StartAsync(new Dictionary<string, string?> { ["Cloud:RequireLogin"] = "true" }, folder);
        using var client = new HttpClient { BaseAddress = new Uri(cloud.Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var models = await client.GetAsync("/api/gateway/models");
        using var machines = await client.GetAsync("/api/machines");
        var publicKey = cloud.Services.GetRequiredService<Edge.Cloud.Models.ModelSigner>().PublicKeyPem;

        Assert.Equal(0, exit);
        Assert.Equal(2, bad);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, machines.StatusCode);
        Assert.Equal(publicKey.Trim(), keyOutput.ToString().Trim());
    }

    private static async Task<HttpClient> GatewayClientAsync(SeededCloud cloud, string gatewayId)
    {
        var (token, _) = await cloud.App.Services.GetRequiredService<GatewayAccounts>().AddAsync(gatewayId, "test", DateTimeOffset.UtcNow, default);
        var client = new HttpClient { BaseAddress = new Uri(cloud.Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [GeneratedRegex(@"Token \(shown once[^)]*\): (\S+)")]
    private static partial Regex TokenPattern();
}
