using System.Diagnostics;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.Contracts;
using Edge.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Load;

/// <summary>
/// A year of hourly windows for 100 machines (876,000 rows) exported as telemetry.csv from SQLite: prints the time, the
/// size and the largest managed heap seen while streaming (a measurement, not an assertion). Runs only with EDGE_CLOUD_LOAD=1:
/// <c>EDGE_CLOUD_LOAD=1 dotnet test tests/Edge.Cloud.Tests --filter FullyQualifiedName~HistoryExportMeasurement --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Load")]
public sealed class HistoryExportMeasurement(ITestOutputHelper output)
{
    private const int Machines = 100;
    private const int Hours = 8760;

    [MeasurementFact("EDGE_CLOUD_LOAD")]
    public async Task TelemetryCsv_YearOfHourlyWindows_PrintsTimeSizeAndHeap()
    {
        await using var cloud = await CloudApp.StartAsync();
        var store = cloud.Services.GetRequiredService<ICloudStore>();
        var first = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ingest = Stopwatch.StartNew();
        var sequence = 0L;
        for (var hour = 0; hour < Hours; hour += 10)
        {
            var batch = new List<UplinkEnvelope>(Machines * 10);
            for (var h = hour; h < Math.Min(hour + 10, Hours); h++)
            {
                for (var machine = 0; machine < Machines; machine++)
                {
                    batch.Add(Wrap("plant-a", ++sequence, Window($"m-{machine:000}", first.AddHours(h), h + machine)));
                }
            }

            await store.IngestAsync(batch, first.AddHours(hour), default);
        }

        ingest.Stop();
        output.WriteLine($"stored {sequence} windows in {ingest.Elapsed.TotalSeconds:0.0} s");

        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var peakHeap = heapBefore;
        using var process = Process.GetCurrentProcess();
        var rssBefore = process.WorkingSet64;
        var peakRss = rssBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                process.Refresh();
                peakRss = Math.Max(peakRss, process.WorkingSet64);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        using var client = new HttpClient { BaseAddress = new Uri(cloud.Url), Timeout = TimeSpan.FromMinutes(10) };
        var export = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/history/telemetry.csv?site=plant-a", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        var header = await reader.ReadLineAsync();
        long rows = 0;
        long characters = header!.Length + 1;
        while (await reader.ReadLineAsync() is { } line)
        {
            rows++;
            characters += line.Length + 1;
        }

        export.Stop();
        await sampling.CancelAsync();
        await sampler;
        Assert.Equal((long)Machines * Hours, rows);
        output.WriteLine($"header: {header}");
        output.WriteLine($"exported {rows} rows, {characters / 1e6:0.0} MB in {export.Elapsed.TotalSeconds:0.0} s ({rows / export.Elapsed.TotalSeconds:0} rows/s); " +
            $"managed heap {heapBefore / 1e6:0.0} MB before, at most {peakHeap / 1e6:0.0} MB while streaming; " +
            $"working set {rssBefore / 1e6:0} MB before, at most {peakRss / 1e6:0} MB (server, SQLite and client in one process)");
    }

    private static MachineSummary Window(string machine, DateTimeOffset start, double value) => new()
    {
        MachineId = machine,
        WindowStart = start,
        WindowEnd = start.AddHours(1),
        Sensors =
        [
            Sensor("temperature", 60 + (value % 17)),
            Sensor("vibration", 2 + (value % 5 / 10)),
            Sensor("current", 10 + (value % 3)),
            Sensor("pressure", 5 + (value % 7 / 3)),
        ],
    };

    private static SensorSummary Sensor(string name, double mean) =>
        new() { Sensor = name, Unit = "u", Count = 3600, Mean = mean, Min = mean - 1, Max = mean + 1, StandardDeviation = 0.3 };
}
