using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Cloud.Tests.Infrastructure;

namespace Edge.Cloud.Tests.Api;

public sealed class AccessTests
{
    [Fact]
    public async Task Api_LoginRequiredAndAnonymous_Returns401()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var anonymous = cloud.Anonymous();

        using var machines = await anonymous.GetAsync("/api/machines");
        using var wrong = await anonymous.PostAsJsonAsync("/api/login", new { name = "erin", password = "not it" });
        using var nobody = await anonymous.PostAsJsonAsync("/api/login", new { name = "mallory", password = "whatever" });

        Assert.Equal(HttpStatusCode.Unauthorized, machines.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
    }

    [Fact]
    public async Task Api_OperatorAsksForPlantData_IsRefusedButSeesOwnStore()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var oscar = await cloud.LoginAsync("oscar");

        using var alerts = await oscar.GetAsync("/api/alerts");
        using var machines = await oscar.GetAsync("/api/machines");
        using var predictions = await oscar.GetAsync("/api/machines/press-01/predictions");
        var stores = await oscar.GetFromJsonAsync<JsonElement>("/api/stores");
        var gateways = await oscar.GetFromJsonAsync<JsonElement>("/api/gateways");

        Assert.Equal(HttpStatusCode.Forbidden, alerts.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, machines.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, predictions.StatusCode);
        Assert.Equal("store-12", Assert.Single(stores.EnumerateArray()).GetProperty("storeId").GetString());
        Assert.Equal(["store-gw"], gateways.EnumerateArray().Select(g => g.GetProperty("gatewayId").GetString()));
    }

    [Fact]
    public async Task Api_EngineerOfOneSite_SeesOnlyThatSitesMachinesAndAlertsAndNoFootfall()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");

        var machines = await erin.GetFromJsonAsync<JsonElement>("/api/machines");
        var alerts = await erin.GetFromJsonAsync<JsonElement>("/api/alerts?state=open");
        using var otherSiteAlert = await erin.GetAsync("/api/alerts/plant-b/b-1");
        using var footfall = await erin.GetAsync("/api/stores/store-12/footfall");

        Assert.Equal(["press-01"], machines.EnumerateArray().Select(m => m.GetProperty("machineId").GetString()));
        Assert.Equal(["a-1"], alerts.EnumerateArray().Select(a => a.GetProperty("alertId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, otherSiteAlert.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, footfall.StatusCode);
    }

    [Fact]
    public async Task Acknowledge_ByEngineerWithComment_ChangesStateAndIsAudited()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");
        using var ada = await cloud.LoginAsync("ada");

        using var acknowledged = await erin.PostAsJsonAsync("/api/alerts/plant-a/a-1/acknowledge", new { comment = "crew on the way" });
        using var otherSite = await erin.PostAsJsonAsync("/api/alerts/plant-b/b-1/acknowledge", new { comment = "not mine" });
        var history = await erin.GetFromJsonAsync<JsonElement>("/api/alerts/plant-a/a-1/history");
        var audit = await ada.GetFromJsonAsync<JsonElement>("/api/audit");
        var alert = await acknowledged.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal("acknowledged", alert.GetProperty("state").GetString());
        Assert.Equal("erin", alert.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(HttpStatusCode.NotFound, otherSite.StatusCode);
        var last = history.EnumerateArray().Last();
        Assert.Equal("acknowledged", last.GetProperty("action").GetString());
        Assert.Equal("crew on the way", last.GetProperty("comment").GetString());
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("actor").GetString() == "erin" && e.GetProperty("action").GetString() == "alert.acknowledge"
            && e.GetProperty("target").GetString() == "plant-a/a-1");
    }

    [Fact]
    public async Task ApiToken_CreatedByUser_AuthenticatesScriptsWithTheUsersScope()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");
        using var created = await erin.PostAsJsonAsync("/api/tokens", new { label = "grafana" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var script = cloud.Anonymous();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var forged = cloud.Anonymous();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "edge_forged");

        var alerts = await script.GetFromJsonAsync<JsonElement>("/api/alerts");
        using var refused = await forged.GetAsync("/api/alerts");

        Assert.Equal(["a-1"], alerts.EnumerateArray().Select(a => a.GetProperty("alertId").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task CreateUser_ByAdminOnly_GeneratesPasswordThatLogsIn()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var ada = await cloud.LoginAsync("ada");
        using var erin = await cloud.LoginAsync("erin");

        using var refused = await erin.PostAsJsonAsync("/api/users", new { name = "sam", role = "engineer", sites = new[] { "plant-b" } });
        using var created = await ada.PostAsJsonAsync("/api/users", new { name = "sam", role = "engineer", sites = new[] { "plant-b" } });
        var password = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("generatedPassword").GetString();
        using var sam = cloud.Anonymous();
        using var login = await sam.PostAsJsonAsync("/api/login", new { name = "sam", password });
        var machines = await sam.GetFromJsonAsync<JsonElement>("/api/machines");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(["lathe-07"], machines.EnumerateArray().Select(m => m.GetProperty("machineId").GetString()));
    }

    [Fact]
    public async Task Api_LoginNotRequired_AnonymousReadsEverything()
    {
        await using var app = await CloudApp.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Url) };

        using var machines = await client.GetAsync("/api/machines");
        using var gateways = await client.GetAsync("/api/gateways");

        Assert.Equal(HttpStatusCode.OK, machines.StatusCode);
        Assert.Equal(HttpStatusCode.OK, gateways.StatusCode);
    }
}
