using System.Net.Http.Json;
using System.Text.Json;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Api;

/// <summary>Two sites with the same machine and store ids, read through the API as the dashboard does.</summary>
public sealed class SiteScopedApiTests
{
    [Fact]
    public async Task Api_TwoSitesWithTheSameIds_BothListedAndSiteNarrowsTheSeries()
    {
        await using var cloud = await CloudApp.StartAsync();
        var day = DateOnly.FromDateTime(Start.UtcDateTime);
        await cloud.Services.GetRequiredService<ICloudStore>().IngestAsync(
        [
            Wrap("plant-a", 1, Summary("press-01", Start, 60)),
            Wrap("plant-b", 1, Summary("press-01", Start, 90)),
            Wrap("plant-a", 2, Footfall("store-1", day, ("entrance", 9, 40))),
            Wrap("plant-b", 2, Footfall("store-1", day, ("entrance", 9, 70))),
        ], Start, default);
        using var http = new HttpClient { BaseAddress = new Uri(cloud.Url) };

        var machines = await http.GetFromJsonAsync<JsonElement>("/api/machines");
        var plantB = await http.GetFromJsonAsync<JsonElement>("/api/machines/press-01/summaries?site=plant-b&from=2026-11-29T00:00:00Z");
        var stores = await http.GetFromJsonAsync<JsonElement>("/api/stores");
        var footfallA = await http.GetFromJsonAsync<JsonElement>($"/api/stores/store-1/footfall?day={day:yyyy-MM-dd}&site=plant-a");

        Assert.Equal(["plant-a", "plant-b"], machines.EnumerateArray().Select(m => m.GetProperty("gatewayId").GetString()).Order());
        Assert.Equal(90, Assert.Single(plantB.EnumerateArray()).GetProperty("sensors")[0].GetProperty("mean").GetDouble());
        Assert.Equal(["plant-a", "plant-b"], stores.EnumerateArray().Select(s => s.GetProperty("gatewayId").GetString()).Order());
        Assert.Equal(40, Assert.Single(footfallA.GetProperty("cells").EnumerateArray()).GetProperty("visitors").GetInt64());
        Assert.Equal("plant-a", Assert.Single(footfallA.GetProperty("privacy").EnumerateArray()).GetProperty("gatewayId").GetString());
    }
}
