namespace Edge.Beacons.Inputs;

/// <summary>A scanner's configured zone and whether it is online.</summary>
internal sealed record ScannerHealth(string ScannerId, string ZoneId, bool Online, DateTimeOffset? LastSeen);
