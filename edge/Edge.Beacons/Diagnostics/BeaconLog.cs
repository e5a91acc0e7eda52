using Microsoft.Extensions.Logging;

namespace Edge.Beacons.Diagnostics;

/// <summary>
/// The beacon capability's log messages. None takes a device identifier, a topic (OpenMQTTGateway topics end with the
/// MAC address) or a payload: only scanner ids, zone ids and counts, which name the store's own equipment.
/// </summary>
internal static partial class BeaconLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Message from unconfigured scanner {ScannerId} ignored; map it to a zone under Footfall:Scanners.")]
    public static partial void UnknownScanner(ILogger logger, string scannerId);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Malformed beacon message from scanner {ScannerId} ignored ({Count} so far).")]
    public static partial void MalformedMessage(ILogger logger, string scannerId, long count);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Beacon sighting queue full: {Count} sightings dropped so far.")]
    public static partial void QueueFull(ILogger logger, long count);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Scanner {ScannerId} in zone {ZoneId} reported {Status}.")]
    public static partial void ScannerStatus(ILogger logger, string scannerId, string zoneId, string status);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Footfall tracking started: {ZoneCount} zones, {ScannerCount} scanners, {StoreBeaconCount} store beacons.")]
    public static partial void Started(ILogger logger, int zoneCount, int scannerCount, int storeBeaconCount);
}
