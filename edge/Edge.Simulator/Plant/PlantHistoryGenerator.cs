namespace Edge.Simulator.Plant;

/// <summary>
/// Months of plant history in seconds: N machines stepped hour by hour through the same physics as the live machines
/// (<see cref="PlantMachine"/>), with every failure, maintenance and error code recorded. Deterministic from the seed.
/// </summary>
public static class PlantHistoryGenerator
{
    public static PlantHistory Generate(PlantHistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Machines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Step, TimeSpan.Zero);
        var steps = (int)(TimeSpan.FromDays(options.Days) / options.Step);
        var rows = new List<PlantHistoryRow>(options.Machines * steps);
        var events = new List<PlantEvent>();
        var machines = new List<PlantMachineAttributes>(options.Machines);
        var values = new double[PlantSensors.All.Count];
        for (var m = 0; m < options.Machines; m++)
        {
            var machine = new PlantMachine(options.MachineId(m), PlantRandom.MachineSeed(options.Seed, m), options.Start);
            machines.Add(machine.Attributes);
            for (var s = 0; s < steps; s++)
            {
                var reading = machine.Step(options.Step, values, events);
                if (reading.Running)
                {
                    rows.Add(new PlantHistoryRow(reading.Timestamp, machine.MachineId, [.. values]));
                }
            }
        }

        return new PlantHistory(options, rows, events, machines);
    }

    /// <summary>Writes telemetry.csv, events.csv and machines.csv (the history format) into <paramref name="directory"/>.</summary>
    public static PlantHistoryFiles Write(PlantHistory history, string directory)
    {
        ArgumentNullException.ThrowIfNull(history);
        Directory.CreateDirectory(directory);
        var files = new PlantHistoryFiles(
            Path.Combine(directory, "telemetry.csv"),
            Path.Combine(directory, "events.csv"),
            Path.Combine(directory, "machines.csv"));
        using (var telemetry = new StreamWriter(files.Telemetry))
        {
            PlantHistoryCsv.WriteTelemetry(telemetry, history.Rows);
        }

        using (var events = new StreamWriter(files.Events))
        {
            PlantHistoryCsv.WriteEvents(events, history.Events);
        }

        using (var machines = new StreamWriter(files.Machines))
        {
            PlantHistoryCsv.WriteMachines(machines, history.Machines);
        }

        return files;
    }
}
