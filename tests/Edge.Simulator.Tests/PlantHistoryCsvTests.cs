using Edge.Maintenance.History;
using Edge.Simulator.Plant;

namespace Edge.Simulator.Tests;

public sealed class PlantHistoryCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-plant-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_GeneratedHistory_HistoryCsvReadsItBackRowForRow()
    {
        var history = PlantHistoryGenerator.Generate(new PlantHistoryOptions { Machines = 4, Days = 60, Seed = 3 });

        var files = PlantHistoryGenerator.Write(history, _folder);
        var read = HistoryCsv.Read(files.Telemetry, files.Events, files.Machines);

        Assert.Equal(PlantSensors.All, read.Sensors);
        Assert.Equal(history.Rows.Count, read.RowCount);
        Assert.Equal(history.Events.Count, read.Events.Count);
        Assert.Empty(read.Warnings);
        var machine = read.Machines.Single(m => m.Machine == "hist-02");
        var rows = history.Rows.Where(r => r.Machine == "hist-02").ToList();
        Assert.Equal(rows.Select(r => r.Timestamp), machine.Timestamps);
        for (var i = 0; i < rows.Count; i++)
        {
            for (var s = 0; s < PlantSensors.All.Count; s++)
            {
                var expected = rows[i].Values[s];
                var actual = machine.Rows[i][s];
                Assert.True(double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(expected - actual) < 1e-4, $"row {i} sensor {s}: {expected} vs {actual}");
            }
        }

        Assert.Equal(
            history.Failures.Select(f => (f.Timestamp, f.Machine, f.Detail)).Order(),
            read.Events.Where(e => e.Kind == MachineEventKinds.Failure).Select(e => (e.Timestamp, e.Machine, e.Detail)).Order());
        Assert.Equal(history.Machines.Select(m => (m.Machine, m.Model, m.AgeYears)), read.Attributes.Select(a => (a.Machine, a.Model, a.Age)));
        Assert.Contains(machine.Rows, row => row.Any(double.IsNaN));
    }
}
