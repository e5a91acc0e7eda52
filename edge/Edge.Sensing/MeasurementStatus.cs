namespace Edge.Sensing;

/// <summary>A measurement with its unit and quality; <see cref="Value"/> is null when there is none (a missing sensor).</summary>
public sealed record MeasurementStatus(string Name, double? Value, string Unit, string Quality);
