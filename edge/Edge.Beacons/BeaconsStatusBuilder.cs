using Edge.Beacons.Diagnostics;
using Edge.Beacons.Inputs;
using Edge.Beacons.Zones;

namespace Edge.Beacons;

/// <summary>Assembles <see cref="BeaconsStatus"/> from the capability's parts.</summary>
internal sealed class BeaconsStatusBuilder(
    ZoneTracker tracker,
    ScannerRegistry scanners,
    StoreBeaconRegistry storeBeacons,
    BeaconCounters counters,
    TimeProvider timeProvider)
{
    /// <summary>
    /// Short warnings for the uplinked gateway health (<c>GatewayHealth.Warnings</c>): offline scanners, missing store
    /// beacons and low batteries. Only operator labels appear: scanners and store beacons are the store's equipment.
    /// </summary>
    public IReadOnlyList<string> HealthWarnings(int lowBatteryMillivolts)
    {
        var now = timeProvider.GetUtcNow();
        var warnings = new List<string>();
        foreach (var scanner in scanners.Snapshot(now).Where(s => !s.Online))
        {
            warnings.Add($"beacon scanner {scanner.ScannerId} offline");
        }

        foreach (var beacon in storeBeacons.Snapshot(now))
        {
            if (beacon.Missing)
            {
                warnings.Add($"store beacon {beacon.Name} missing");
            }
            else if (beacon.BatteryMillivolts is { } battery && battery < lowBatteryMillivolts)
            {
                warnings.Add($"store beacon {beacon.Name} battery low ({battery} mV)");
            }
        }

        return warnings;
    }

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
                ["handled"] = counters.Handled,
                ["zoned"] = counters.Zoned,
            });
    }
}
