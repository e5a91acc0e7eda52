using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Api;

public sealed class HistoryExportTests
{
    private const string Range = "from=2026-11-29T00:00:00Z&to=2026-11-30T00:00:00Z";

    [Fact]
    public async Task TelemetryCsv_WindowsOfTwoMachines_OneRowPerWindowByMachineInTimeOrderWithUnionOfSensorsAndEmptyForMissing()
    {
        await using var cloud = await SeededCloud.StartAsync();
        await SeedWindowsAsync(cloud);
        using var erin = await cloud.LoginAsync("erin");

        using var response = await erin.GetAsync($"/api/history/telemetry.csv?site=plant-a&{Range}");
        var rows = CsvText.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["timestamp", "machine", "temperature", "vibration"], rows[0]);
        Assert.Equal(4, rows.Count);
        Assert.Equal(["2026-11-29 08:01:00", "press-01", "70.25", "-0.5"], rows[1]);
        Assert.Equal(["2026-11-29 08:02:00", "press-01", "71.125", "1E-05"], rows[2]);
        Assert.Equal(["2026-11-29 08:01:00", "saw-02", "40", ""], rows[3]);
        // Round trip: every timestamp parses in the history format, every value as the mean that was stored.
        Assert.All(rows.Skip(1), row => DateTime.ParseExact(row[0], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Assert.Equal(1e-5, double.Parse(rows[2][3], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task EventsCsv_RecordedEvents_InTimeOrderAndFormulaCellsDefused()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");
        await erin.PostAsJsonAsync("/api/machines/press-01/events?site=plant-a", new { timestamp = "2026-11-29T10:00:00Z", kind = "maintenance", detail = "=HYPERLINK(\"x\")" });
        await erin.PostAsJsonAsync("/api/machines/press-01/events?site=plant-a", new { timestamp = "2026-11-29T09:30:00Z", kind = "failure", detail = "bearing, outer race" });
        await erin.PostAsJsonAsync("/api/machines/press-01/events?site=plant-a", new { timestamp = "2026-11-28T09:30:00Z", kind = "error", detail = "E7" });

        var rows = CsvText.Parse(await erin.GetStringAsync($"/api/history/events.csv?site=plant-a&{Range}"));

        Assert.Equal(
        [
            ["timestamp", "machine", "kind", "detail"],
            ["2026-11-29 09:30:00", "press-01", "failure", "bearing, outer race"],
            ["2026-11-29 10:00:00", "press-01", "maintenance", "'=HYPERLINK(\"x\")"],
        ], rows);
    }

    [Fact]
    public async Task Export_OperatorOtherSiteOrNoSite_IsRefused()
    {
        await using var cloud = await SeededCloud.StartAsync();
        using var erin = await cloud.LoginAsync("erin");
        using var oscar = await cloud.LoginAsync("oscar");
        using var ada = await cloud.LoginAsync("ada");

        using var operatorExport = await oscar.GetAsync("/api/history/telemetry.csv?site=plant-a");
        using var otherSite = await erin.GetAsync("/api/history/events.csv?site=plant-b");
        using var noSite = await erin.GetAsync("/api/history/telemetry.csv");
        using var backwards = await erin.GetAsync("/api/history/telemetry.csv?site=plant-a&from=2026-11-30T00:00:00Z&to=2026-11-29T00:00:00Z");
        using var admin = await ada.GetAsync("/api/history/telemetry.csv?site=plant-b");

        Assert.Equal(HttpStatusCode.Forbidden, operatorExport.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherSite.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSite.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("lathe-07", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task SeedWindowsAsync(SeededCloud cloud)
    {
        var store = cloud.App.Services.GetRequiredService<ICloudStore>();
        await store.IngestAsync(
        [
            Wrap("plant-a", 101, Window("press-01", Start, ("temperature", 70.25), ("vibration", -0.5))),
            Wrap("plant-a", 102, Window("saw-02", Start, ("temperature", 40))),
            Wrap("plant-a", 103, Window("press-01", Start.AddMinutes(1), ("temperature", 71.125), ("vibration", 1e-5))),
            Wrap("plant-b", 101, Window("lathe-07", Start, ("spindle", 3))),
        ], Start.AddHours(1), default);
    }

    private static MachineSummary Window(string machine, DateTimeOffset start, params (string Sensor, double Mean)[] means) => new()
    {
        MachineId = machine,
        WindowStart = start,
        WindowEnd = start.AddMinutes(1),
        Sensors = [.. means.Select(m => new SensorSummary { Sensor = m.Sensor, Unit = "u", Count = 60, Mean = m.Mean, Min = m.Mean, Max = m.Mean, StandardDeviation = 0 })],
    };
}
