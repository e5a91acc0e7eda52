namespace Edge.Kernel;

/// <summary>
/// One measurement entering the pipeline, whatever its source: a fleet device over MQTT, Sparkplug, or the Pi's own pins.
/// </summary>
public readonly record struct Reading(
    string MachineId,
    string Sensor,
    double Value,
    DateTimeOffset Timestamp,
    ReadingQuality Quality = ReadingQuality.Good);
