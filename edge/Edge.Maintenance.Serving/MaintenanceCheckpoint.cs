namespace Edge.Maintenance.Serving;

/// <summary>What the maintenance capability saves across restarts: history-model state and anomaly baselines per machine, and the plant clock's origin.</summary>
public sealed record MaintenanceCheckpoint(
    IReadOnlyList<KeyValuePair<string, byte[]>> History,
    IReadOnlyList<KeyValuePair<string, byte[]>> Baselines,
    string? ClockOrigin);
