namespace Edge.Sensing;

/// <summary>Body of <c>GET /api/sensors</c>.</summary>
public sealed record SensorsResponse(string Mode, long RefusedReadings, IReadOnlyList<SensorStatus> Sensors);
