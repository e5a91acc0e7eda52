using Edge.Contracts;
using Edge.Ingest.Telemetry;

namespace Edge.Ingest.Tests.Telemetry;

public sealed class LatestWindowsTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_AfterTwoWindows_ReturnsEachMachinesLatestSummaryAsClosed()
    {
        var latest = new LatestWindows();
        latest.Record([Summary("m1", s_start, ("current", 4.0), ("temperature", 60.0)), Summary("m2", s_start, ("temperature", 70.0))]);
        var second = Summary("m1", s_start.AddMinutes(1), ("current", 5.0), ("temperature", 61.0));
        latest.Record([second]);

        var snapshot = latest.Snapshot();

        Assert.Equal(["m1", "m2"], snapshot.Keys.Order(StringComparer.Ordinal));
        var m1 = snapshot["m1"];
        Assert.Equal((second.WindowStart, second.WindowEnd, second.MergedWindows), (m1.WindowStart, m1.WindowEnd, m1.MergedWindows));
        Assert.Equal(second.Sensors, m1.Sensors);
        Assert.Equal(70.0, Assert.Single(snapshot["m2"].Sensors).Mean);
    }

    [Fact]
    public void Record_SensorSetChanges_SnapshotFollowsTheNewSet()
    {
        var latest = new LatestWindows();
        latest.Record([Summary("m1", s_start, ("current", 4.0), ("temperature", 60.0))]);
        latest.Record([Summary("m1", s_start.AddMinutes(1), ("pressure", 2.5))]);

        var sensor = Assert.Single(latest.Snapshot()["m1"].Sensors);

        Assert.Equal(("pressure", 2.5), (sensor.Sensor, sensor.Mean));
    }

    [Fact]
    public void Record_MachinesWithTheSameSensors_ShareTheSensorNames()
    {
        var latest = new LatestWindows();
        latest.Record([Summary("m1", s_start, ("current", 4.0)), Summary("m2", s_start, ("current", 5.0))]);

        var snapshot = latest.Snapshot();

        // The second machine's names are the first machine's strings: one copy per fleet, not per machine.
        Assert.Same(snapshot["m1"].Sensors[0].Sensor, snapshot["m2"].Sensors[0].Sensor);
    }

    private static MachineSummary Summary(string machineId, DateTimeOffset start, params (string Sensor, double Mean)[] sensors) => new()
    {
        MachineId = machineId,
        WindowStart = start,
        WindowEnd = start.AddMinutes(1),
        // A new string per sensor and window, as the telemetry parser gives them.
        Sensors = [.. sensors.Select(s => new SensorSummary
        {
            Sensor = new string(s.Sensor.AsSpan()), Count = 3, Mean = s.Mean, Min = s.Mean - 1, Max = s.Mean + 1, StandardDeviation = 0.5,
        })],
    };
}
