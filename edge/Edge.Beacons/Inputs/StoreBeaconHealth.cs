namespace Edge.Beacons.Inputs;

/// <summary>Health of one store-owned beacon: infrastructure, so its operator label may be reported and uplinked.</summary>
internal sealed record StoreBeaconHealth(
    string Name,
    DateTimeOffset? LastSeen,
    string? LastZoneId,
    int? LastRssi,
    int? BatteryMillivolts,
    double? TemperatureCelsius,
    DateTimeOffset? TelemetryAt,
    bool Missing);
