namespace Edge.Simulator.Plant;

/// <summary>Generated plant history: telemetry rows, events (the failures among them are the ground truth) and machines.</summary>
public sealed class PlantHistory
{
    public PlantHistory(
        PlantHistoryOptions options,
        IReadOnlyList<PlantHistoryRow> rows,
        IReadOnlyList<PlantEvent> events,
        IReadOnlyList<PlantMachineAttributes> machines)
    {
        Options = options;
        Rows = rows;
        Events = events;
        Machines = machines;
    }

    public PlantHistoryOptions Options { get; }

    public static IReadOnlyList<string> Sensors => PlantSensors.All;

    /// <summary>Ordered by machine, then time.</summary>
    public IReadOnlyList<PlantHistoryRow> Rows { get; }

    /// <summary>Ordered by machine, then time.</summary>
    public IReadOnlyList<PlantEvent> Events { get; }

    public IReadOnlyList<PlantMachineAttributes> Machines { get; }

    public DateTimeOffset Start => Options.Start;

    public DateTimeOffset End => Options.Start + TimeSpan.FromDays(Options.Days);

    public IEnumerable<PlantEvent> Failures => Events.Where(e => e.Kind == PlantEventKinds.Failure);
}
