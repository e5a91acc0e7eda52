namespace Edge.Maintenance.History;

/// <summary>A plant's history as read from T.csv, E.csv and M.csv: telemetry per machine, events in time order, attributes.</summary>
public sealed class HistoryData
{
    public HistoryData(
        IReadOnlyList<string> sensors,
        IReadOnlyList<MachineHistory> machines,
        IReadOnlyList<MachineEvent> events,
        IReadOnlyList<MachineAttributes>? attributes = null,
        IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        ArgumentNullException.ThrowIfNull(machines);
        ArgumentNullException.ThrowIfNull(events);
        Sensors = sensors;
        Machines = machines;
        Events = events;
        Attributes = attributes ?? [];
        Warnings = warnings ?? [];
    }

    public IReadOnlyList<string> Sensors { get; }

    public IReadOnlyList<MachineHistory> Machines { get; }

    /// <summary>Events of known machines, ordered by time.</summary>
    public IReadOnlyList<MachineEvent> Events { get; }

    public IReadOnlyList<MachineAttributes> Attributes { get; }

    /// <summary>Events ignored because their machine has no telemetry (warned, not fatal).</summary>
    public int UnknownMachineEvents { get; init; }

    /// <summary>Human-readable warnings from reading (at most a few; counts are in the properties).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public long RowCount => Machines.Sum(machine => (long)machine.Timestamps.Length);

    /// <summary>SHA-256 of the files read (telemetry, events, machines), recorded in the model manifest.</summary>
    public string DataSha256 { get; init; } = string.Empty;
}
