namespace Edge.Simulator.Plant;

/// <summary>
/// Something that happened to a machine at a plant time: a failure (detail = component), maintenance (detail = component
/// replaced or serviced) or an error code (detail = code). Failures are the ground truth alerts are measured against.
/// </summary>
public sealed record PlantEvent(DateTimeOffset Timestamp, string Machine, string Kind, string Detail);
