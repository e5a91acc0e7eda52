namespace Edge.Beacons;

internal sealed record BeaconsStatus(
    IReadOnlyList<ZoneReport> Zones,
    IReadOnlyList<ScannerReport> Scanners,
    IReadOnlyList<StoreBeaconReport> StoreBeacons,
    IReadOnlyList<string> UnknownScanners,
    int TrackedDevices,
    long UnconfirmedAddresses,
    IReadOnlyDictionary<string, long> Counters);
