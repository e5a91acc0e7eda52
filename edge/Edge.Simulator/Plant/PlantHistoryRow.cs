namespace Edge.Simulator.Plant;

/// <summary>One telemetry row: a machine's sensor means over a step (<see cref="PlantSensors.All"/> order, NaN = missing).</summary>
public sealed record PlantHistoryRow(DateTimeOffset Timestamp, string Machine, double[] Values);
