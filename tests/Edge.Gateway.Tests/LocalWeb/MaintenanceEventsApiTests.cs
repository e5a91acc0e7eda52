using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Gateway.Hosting;
using Edge.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.LocalWeb;

/// <summary>Machine events on the composed gateway's local web: recorded, persisted across a restart, bad input refused.</summary>
public sealed class MaintenanceEventsApiTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-gw-events-").FullName;

    [Fact]
    public async Task PostEvent_ThenRestart_EventStillListed()
    {
        var webPort = FreePort.Next();
        await using (var gateway = await StartAsync(webPort))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
            using var created = await http.PostAsJsonAsync("/api/maintenance/machines/press-1/events", new { kind = "maintenance", detail = "bearing" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var refused = await http.PostAsJsonAsync("/api/maintenance/machines/press-1/events", new { kind = "exploded" });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("kind must be", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await gateway.StopAsync();
        }

        webPort = FreePort.Next();
        await using (var restarted = await StartAsync(webPort))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
            var events = await http.GetFromJsonAsync<JsonElement>("/api/maintenance/machines/press-1/events");
            var stored = Assert.Single(events.EnumerateArray());
            Assert.Equal("maintenance", stored.GetProperty("kind").GetString());
            Assert.Equal("bearing", stored.GetProperty("detail").GetString());
            var models = await http.GetFromJsonAsync<JsonElement>("/api/models");
            Assert.Equal("default", models.GetProperty("history").GetProperty("kinds")[0].GetProperty("kind").GetString());
            Assert.False(models.GetProperty("cloud").GetProperty("enabled").GetBoolean());
            await restarted.StopAsync();
        }
    }

    [Fact]
    public async Task Start_CloudLinkWithoutTokenOrKey_FailsNamingTheKeys()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var gateway = await StartAsync(FreePort.Next(), new() { ["CloudLink:BaseUrl"] = "https://cloud.example.com/" });
        });
        Assert.Contains("CloudLink:Token", exception.Message, StringComparison.Ordinal);
        Assert.Contains("CloudLink:ModelPublicKey", exception.Message, StringComparison.Ordinal);
    }

    private async Task<WebApplication> StartAsync(int webPort, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Id"] = "events-test",
            ["Gateway:DataDirectory"] = _folder,
            ["Gateway:LocalWebUrl"] = $"http://127.0.0.1:{webPort}",
            ["Broker:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Uplink:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var app = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(settings));
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
