namespace Edge.Beacons;

internal sealed record StoreBeaconReport(
    string Name,
    DateTimeOffset? LastSeen,
    string? LastZoneId,
    int? LastRssi,
    int? BatteryMillivolts,
    double? TemperatureCelsius,
    bool Missing);
