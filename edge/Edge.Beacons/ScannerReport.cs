namespace Edge.Beacons;

internal sealed record ScannerReport(string ScannerId, string ZoneId, bool Online, DateTimeOffset? LastSeen);
