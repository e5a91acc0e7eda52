namespace Edge.Hardware.Sensors;

/// <summary>One value as an engineer reads it: a name, a number, its unit and how far to trust it.</summary>
/// <param name="Name">Measurement name, unique per machine (for example <c>pump_vibration_rms</c>).</param>
/// <param name="Value">The value in <paramref name="Unit"/>; <see cref="double.NaN"/> when the quality says there is none.</param>
/// <param name="Unit">Unit abbreviation (UnitsNet's where a quantity type exists).</param>
/// <param name="Quality">Quality flag.</param>
public readonly record struct Measurement(string Name, double Value, string Unit, MeasurementQuality Quality = MeasurementQuality.Good);
