namespace Edge.Hardware.Sensors;

/// <summary>A measurement a sensor produces, known before the first sample (for listings and fault readings).</summary>
public sealed record MeasurementDescriptor(string Name, string Unit);
