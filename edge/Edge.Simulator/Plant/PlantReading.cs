namespace Edge.Simulator.Plant;

/// <summary>
/// One step of a machine: <see cref="Values"/> in <see cref="PlantSensors.All"/> order (NaN = that sensor dropped the
/// reading), or not <see cref="Running"/> when the machine is down for repair or maintenance and reports nothing.
/// </summary>
public readonly record struct PlantReading(DateTimeOffset Timestamp, bool Running, double[] Values);
