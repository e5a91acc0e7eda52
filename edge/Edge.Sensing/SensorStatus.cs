namespace Edge.Sensing;

/// <summary>One sensor as <c>GET /api/sensors</c> and <c>sensors list</c> show it.</summary>
public sealed record SensorStatus(
    string Name,
    string Kind,
    string MachineId,
    string Bus,
    string Wiring,
    string Health,
    long Samples,
    long Failures,
    string? LastError,
    double IntervalMilliseconds,
    JitterSummary Jitter,
    IReadOnlyList<MeasurementStatus> Measurements);
