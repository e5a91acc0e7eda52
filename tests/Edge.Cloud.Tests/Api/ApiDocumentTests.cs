using System.Net.Http.Json;
using System.Text.Json;
using Edge.Cloud.Tests.Infrastructure;

namespace Edge.Cloud.Tests.Api;

public sealed class ApiDocumentTests
{
    [Fact]
    public async Task OpenApiAndMetrics_Served_DescribeTheApiAndCountIngest()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var client = cloud.Anonymous();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var metrics = await client.GetStringAsync("/metrics");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/alerts", paths);
        Assert.Contains("/api/stores/{storeId}/footfall", paths);
        Assert.Contains("/api/machines/{id}/predictions", paths);
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("AlertRow", out _), "AlertRow schema missing");
        Assert.Contains("# TYPE", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Footfall_ForTodayAndLastWeek_ReturnsCellsWithPrivacyParameters()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var oscar = await cloud.LoginAsync("oscar");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var footfall = await oscar.GetFromJsonAsync<JsonElement>($"/api/stores/store-12/footfall?day={today.AddDays(-7):yyyy-MM-dd}&days=8");
        var beacons = await oscar.GetFromJsonAsync<JsonElement>("/api/stores/beacon-health");

        var cells = footfall.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(6, cells.Count);
        Assert.Equal(2, footfall.GetProperty("privacy").GetArrayLength());
        Assert.Equal(3, footfall.GetProperty("privacy")[0].GetProperty("privacy").GetProperty("countNoise95").GetInt64());
        var beacon = Assert.Single(beacons.EnumerateArray());
        Assert.Equal("store-gw", beacon.GetProperty("gatewayId").GetString());
        Assert.Equal(95, beacon.GetProperty("hoursOfAutonomyLeft").GetDouble());
    }
}
