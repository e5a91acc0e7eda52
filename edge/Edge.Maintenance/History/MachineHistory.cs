namespace Edge.Maintenance.History;

/// <summary>The telemetry of one machine in time order: per row one value per sensor (<see cref="HistoryData.Sensors"/> order), NaN where missing.</summary>
public sealed class MachineHistory
{
    public MachineHistory(string machine, DateTimeOffset[] timestamps, double[][] rows)
    {
        ArgumentException.ThrowIfNullOrEmpty(machine);
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(rows);
        if (timestamps.Length != rows.Length)
        {
            throw new ArgumentException("One row per timestamp is needed.", nameof(rows));
        }

        Machine = machine;
        Timestamps = timestamps;
        Rows = rows;
    }

    public string Machine { get; }

    public DateTimeOffset[] Timestamps { get; }

    public double[][] Rows { get; }
}
