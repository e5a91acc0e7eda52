using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Edge.Gateway.Hosting;
using Edge.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Tests.LocalWeb;

/// <summary>The composed gateway dials out to the cloud at start: it polls with its token and applies the cloud's machine events.</summary>
public sealed class CloudLinkWiringTests
{
    [Fact]
    public async Task Start_CloudLinkConfigured_PollsWithTokenAndStoresCloudEvents()
    {
        var cloudPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{cloudPort}");
        await using var cloud = builder.Build();
        var tokens = new List<string?>();
        cloud.MapGet("/api/gateway/models", (HttpContext context) =>
        {
            lock (tokens)
            {
                tokens.Add(context.Request.Headers.Authorization);
            }

            return Results.Text("[]", "application/json");
        });
        cloud.MapGet("/api/gateway/events", (long after) => Results.Text(
            after >= 41 ? "[]" : """[{"id":41,"timestamp":"2026-12-01T08:00:00Z","machine":"press-1","kind":"failure","detail":"bearing"}]""",
            "application/json"));
        await cloud.StartAsync();

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var webPort = FreePort.Next();
        var gateway = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Id"] = "cloud-link-test",
            ["Gateway:DataDirectory"] = Directory.CreateTempSubdirectory("edge-gw-cloud-").FullName,
            ["Gateway:LocalWebUrl"] = $"http://127.0.0.1:{webPort}",
            ["Broker:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Uplink:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["CloudLink:BaseUrl"] = $"http://127.0.0.1:{cloudPort}",
            ["CloudLink:Token"] = "gateway-secret",
            ["CloudLink:ModelPublicKey"] = key.ExportSubjectPublicKeyInfoPem(),
        }));
        await using var _ = gateway;
        await gateway.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };

        var events = await Eventually.WaitAsync(
            () => http.GetFromJsonAsync<JsonElement>("/api/maintenance/machines/press-1/events"),
            e => e.GetArrayLength() == 1,
            TimeSpan.FromSeconds(20),
            "the cloud's failure event stored by the gateway");
        Assert.Equal("cloud", events[0].GetProperty("source").GetString());
        Assert.Equal(41, events[0].GetProperty("cloudId").GetInt64());
        var models = await http.GetFromJsonAsync<JsonElement>("/api/models");
        Assert.True(models.GetProperty("cloud").GetProperty("enabled").GetBoolean());
        Assert.Equal(41, models.GetProperty("cloud").GetProperty("eventCursor").GetInt64());
        lock (tokens)
        {
            Assert.Contains("Bearer gateway-secret", tokens);
        }

        await gateway.StopAsync();
        await cloud.StopAsync();
    }
}
