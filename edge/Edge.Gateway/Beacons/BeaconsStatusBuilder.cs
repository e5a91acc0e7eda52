using Edge.Gateway.Beacons.Inputs;
using Edge.Gateway.Beacons.Zones;

namespace Edge.Gateway.Beacons;

/// <summary>Assembles <see cref="BeaconsStatus"/> from the capability's parts.</summary>
internal sealed class BeaconsStatusBuilder(
    ZoneTracker tracker,
    ScannerRegistry scanners,
    StoreBeaconRegistry storeBeacons,
    BeaconCounters counters,
    TimeProvider timeProvider)
{
    public BeaconsStatus Build()
    {
        var now = timeProvider.GetUtcNow();
        return new BeaconsStatus(
            [.. tracker.Snapshot().Select(z => new ZoneReport(
                z.ZoneId, z.VisitorsEstimate, z.DistinctAddresses, z.LinkedAddresses, z.PresentNow, z.ClosedVisits,
                z.TotalDwell.TotalSeconds, z.MeanDwell.TotalSeconds))],
            [.. scanners.Snapshot(now).Select(s => new ScannerReport(s.ScannerId, s.ZoneId, s.Online, s.LastSeen))],
            [.. storeBeacons.Snapshot(now).Select(b => new StoreBeaconReport(
                b.Name, b.LastSeen, b.LastZoneId, b.LastRssi, b.BatteryMillivolts, b.TemperatureCelsius, b.Missing))],
            scanners.UnknownScanners(),
            tracker.TrackedDevices,
            tracker.Unconfirmed,
            new Dictionary<string, long>(StringComparer.Ordinal)
            {
                ["messages"] = counters.Messages,
                ["accepted"] = counters.Accepted,
                ["malformedMessages"] = counters.MalformedMessages,
                ["undecodableFrames"] = counters.UndecodableFrames,
                ["unknownScanner"] = counters.UnknownScanner,
                ["filteredWeak"] = counters.FilteredWeak,
                ["filteredFar"] = counters.FilteredFar,
                ["deduplicated"] = counters.Deduplicated,
                ["throttleFull"] = counters.ThrottleFull,
                ["queueFull"] = counters.QueueFull,
                ["trackerFull"] = counters.TrackerFull,
                ["storeBeaconSightings"] = counters.StoreBeaconSightings,
            });
    }
}
