using Edge.Maintenance.History;

namespace Edge.Maintenance.Tests;

/// <summary>
/// A small synthetic plant for history tests (the demo's plant simulator lives elsewhere): hourly rows with jitter,
/// dropped rows and empty cells; a load (operating condition) that moves temperature, vibration and current; a
/// per-machine offset on each sensor; degradation that starts at a random time after a repair and ramps to a failure
/// over 3 to 8 days, showing in vibration (bearing) or temperature (overheat); planned maintenance every ~30 days that
/// resets degradation; error codes more frequent while degrading.
/// </summary>
internal static class SyntheticPlant
{
    public static readonly string[] Sensors = ["temperature", "vibration", "current", "pressure", "load"];

    public static HistoryData Generate(int machines, TimeSpan span, int seed, DateTimeOffset? start = null, string prefix = "m")
    {
        var random = new Random(seed);
        var begin = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var histories = new List<MachineHistory>();
        var events = new List<MachineEvent>();
        var attributes = new List<MachineAttributes>();
        var hours = (int)span.TotalHours;
        for (var m = 0; m < machines; m++)
        {
            var name = $"{prefix}{m + 1}";
            var model = m % 2 == 0 ? "press-a" : "press-b";
            attributes.Add(new MachineAttributes(name, model, 1 + random.Next(10)));
            var offsets = new[] { Normal(random) * 4, Normal(random) * 0.4, Normal(random) * 1, Normal(random) * 0.2 };
            var timestamps = new List<DateTimeOffset>();
            var rows = new List<double[]>();
            var onset = NextOnset(random, 0);
            var ramp = 72 + random.Next(120);
            var mode = random.Next(2);
            var nextMaintenance = 500 + random.Next(400);
            var load = 0.8;
            for (var h = 0; h < hours; h++)
            {
                var t = begin.AddHours(h);
                if (h % 8 == 0 && random.NextDouble() < 0.5)
                {
                    load = new[] { 0.4, 0.7, 1.0 }[random.Next(3)];
                }

                var degradation = h < onset ? 0 : Math.Min(1, (h - onset) / (double)ramp);
                var errorRate = degradation > 0 ? 1 / 10.0 : 1 / 150.0;
                if (random.NextDouble() < errorRate)
                {
                    events.Add(new MachineEvent(t.AddMinutes(random.Next(60)), name, MachineEventKinds.Error, $"E{10 + random.Next(5)}"));
                }

                if (degradation >= 1)
                {
                    events.Add(new MachineEvent(t, name, MachineEventKinds.Failure, mode == 0 ? "bearing" : "cooling"));
                    events.Add(new MachineEvent(t.AddHours(6), name, MachineEventKinds.Maintenance, mode == 0 ? "repair:bearing" : "repair:cooling"));
                    h += 6;
                    onset = NextOnset(random, h);
                    ramp = 72 + random.Next(120);
                    mode = random.Next(2);
                    continue;
                }

                if (h >= nextMaintenance)
                {
                    events.Add(new MachineEvent(t, name, MachineEventKinds.Maintenance, "service"));
                    nextMaintenance = h + 600 + random.Next(300);
                    if (h >= onset)
                    {
                        onset = NextOnset(random, h);
                    }
                }

                if (random.NextDouble() < 0.02)
                {
                    continue;
                }

                var bearing = mode == 0 ? degradation : 0;
                var cooling = mode == 1 ? degradation : 0;
                double[] values =
                [
                    60 + (20 * load) + offsets[0] + (18 * cooling * cooling) + (Normal(random) * 1.2),
                    2 + (1.5 * load) + offsets[1] + (3 * bearing * bearing) + (Normal(random) * 0.25),
                    10 + (8 * load) + offsets[2] + (2 * degradation) + (Normal(random) * 0.5),
                    5 + offsets[3] + (Normal(random) * 0.1),
                    load + (Normal(random) * 0.02),
                ];
                if (random.NextDouble() < 0.01)
                {
                    values[random.Next(values.Length)] = double.NaN;
                }

                timestamps.Add(t.AddMinutes(random.Next(-5, 6)));
                rows.Add(values);
            }

            histories.Add(new MachineHistory(name, [.. timestamps], [.. rows]));
        }

        return new HistoryData(Sensors, histories, [.. events.OrderBy(e => e.Timestamp)], attributes) { DataSha256 = $"synthetic{seed:D8}" };
    }

    private static int NextOnset(Random random, int now) => now + 100 + (int)(-Math.Log(1 - random.NextDouble()) * 500);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static void WriteCsv(HistoryData data, string telemetryPath, string eventsPath, string? machinesPath = null)
    {
        using (var writer = new StreamWriter(telemetryPath))
        {
            HistoryCsv.WriteTelemetry(writer, data.Sensors, data.Machines.SelectMany(m => m.Timestamps.Select((t, i) => (t, m.Machine, m.Rows[i]))));
        }

        using (var writer = new StreamWriter(eventsPath))
        {
            HistoryCsv.WriteEvents(writer, data.Events);
        }

        if (machinesPath is not null)
        {
            using var writer = new StreamWriter(machinesPath);
            HistoryCsv.WriteMachines(writer, data.Attributes);
        }
    }
}
