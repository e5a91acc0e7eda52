using Edge.Maintenance.History;

namespace Edge.Maintenance.Tests;

public sealed class HistoryCsvTests
{
    private const string Events = "timestamp,machine,kind,detail\n";

    [Fact]
    public void Read_BothTimestampFormatsMissingCellsAndIrregularRows_ParsesPerMachineInTimeOrder()
    {
        var telemetry = """
            timestamp,machine,temperature,vibration
            2026-01-01 02:00:00,m1,21.5,
            2026-01-01T00:00:00Z,m1,20,0.5
            2026-01-01T01:30:00+01:00,m2,19,0.25
            2026-01-01T00:45:10.5Z,m1,,0.75
            """;

        var data = HistoryCsv.Read(new StringReader(telemetry), new StringReader(Events));

        Assert.Equal(["temperature", "vibration"], data.Sensors);
        var m1 = data.Machines.Single(m => m.Machine == "m1");
        Assert.Equal(
            [new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 45, 10, 500, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.Zero)],
            m1.Timestamps);
        Assert.True(double.IsNaN(m1.Rows[1][0]));
        Assert.Equal(0.75, m1.Rows[1][1]);
        Assert.True(double.IsNaN(m1.Rows[2][1]));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.Zero), data.Machines.Single(m => m.Machine == "m2").Timestamps[0]);
    }

    [Fact]
    public void Read_MalformedRows_RefusesTheFileListingTheFirstTenWithLineNumbers()
    {
        var lines = new List<string> { "timestamp,machine,temperature", "2026-01-01 00:00:00,m1,20" };
        lines.Add("2026-01-01 01:00:00,m1,hot");
        lines.Add("01/02/2026 00:00,m1,20");
        lines.Add("2026-01-01 02:00:00,m1");
        lines.Add("2026-01-01 03:00:00,,20");
        for (var i = 0; i < 10; i++)
        {
            lines.Add("2026-01-01 04:00:00,m1,NaN");
        }

        var error = Assert.Throws<HistoryCsvException>(() => HistoryCsv.Read(new StringReader(string.Join('\n', lines)), new StringReader(Events), telemetryName: "T.csv"));

        Assert.Equal(10, error.Errors.Count);
        Assert.Equal(14, error.TotalErrors);
        Assert.StartsWith("line 3: temperature 'hot'", error.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("line 4: timestamp", error.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith("line 5: 2 fields", error.Errors[2], StringComparison.Ordinal);
        Assert.StartsWith("line 6: machine is empty", error.Errors[3], StringComparison.Ordinal);
        Assert.StartsWith("line 7:", error.Errors[4], StringComparison.Ordinal);
        Assert.Contains("T.csv: 14 malformed row(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadHeaderOrEventKind_IsRefused()
    {
        const string Telemetry = "timestamp,machine,t\n2026-01-01 00:00:00,m1,1\n";
        Assert.Throws<HistoryCsvException>(() => HistoryCsv.Read(new StringReader("time,machine,t\n"), new StringReader(Events)));
        var error = Assert.Throws<HistoryCsvException>(() => HistoryCsv.Read(new StringReader(Telemetry), new StringReader(Events + "2026-01-01 00:00:00,m1,explosion,x\n")));
        Assert.StartsWith("line 2: kind 'explosion'", error.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EventsOfUnknownMachines_AreWarnedCountedAndSkipped()
    {
        const string Telemetry = "timestamp,machine,t\n2026-01-01 00:00:00,m1,1\n";
        const string EventRows = Events + "2026-01-01 00:00:00,m1,failure,bearing\n2026-01-01 00:00:00,ghost,failure,x\n2026-01-02 00:00:00,ghost,error,E1\n";

        var data = HistoryCsv.Read(new StringReader(Telemetry), new StringReader(EventRows));

        Assert.Equal(2, data.UnknownMachineEvents);
        Assert.Single(data.Events);
        Assert.Contains("ghost", Assert.Single(data.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThenRead_RoundTripsTelemetryEventsAndMachines()
    {
        var t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var telemetry = new StringWriter();
        HistoryCsv.WriteTelemetry(telemetry, ["a", "b"], [(t0, "m,1", [1.25, double.NaN]), (t0.AddSeconds(90.5), "m,1", [0.1, 1e-9])]);
        var events = new StringWriter();
        HistoryCsv.WriteEvents(events, [new MachineEvent(t0, "m,1", MachineEventKinds.Maintenance, "repair:\"bearing\", left")]);
        var machines = new StringWriter();
        HistoryCsv.WriteMachines(machines, [new MachineAttributes("m,1", "press", 4.5)]);

        var data = HistoryCsv.Read(new StringReader(telemetry.ToString()), new StringReader(events.ToString()), new StringReader(machines.ToString()));

        var machine = Assert.Single(data.Machines);
        Assert.Equal("m,1", machine.Machine);
        Assert.Equal([t0, t0.AddSeconds(90.5)], machine.Timestamps);
        Assert.Equal(1.25, machine.Rows[0][0]);
        Assert.True(double.IsNaN(machine.Rows[0][1]));
        Assert.Equal(1e-9, machine.Rows[1][1]);
        Assert.Equal("repair:\"bearing\", left", Assert.Single(data.Events).Detail);
        Assert.Equal(new MachineAttributes("m,1", "press", 4.5), Assert.Single(data.Attributes));
    }
}
