using Edge.Beacons;
using Edge.Beacons.Configuration;
using Edge.Beacons.Diagnostics;
using Edge.Beacons.Zones;
using Edge.Privacy;

namespace Edge.Beacons.Tests;

public sealed class ZoneTrackerTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly Pseudonymizer _pseudonymizer = new();
    private readonly RecordingZoneVisitSink _sink = new();
    private readonly FootfallOptions _options;
    private readonly ZoneTracker _tracker;

    public ZoneTrackerTests()
    {
        _options = new FootfallOptions();
        _options.Scanners["a"] = "aisle";
        _options.Scanners["b"] = "bakery";
        _tracker = new ZoneTracker(_options, new ZoneMap(_options), _sink, new BeaconCounters());
    }

    public void Dispose() => _pseudonymizer.Dispose();

    // Zone indexes are in ordinal order of zone ids: aisle = 0, bakery = 1.
    private const int Aisle = 0;
    private const int Bakery = 1;

    private Pseudonym Device(byte id) => _pseudonymizer.Pseudonymize([id]);

    /// <summary>Feeds one sighting per second from <paramref name="from"/> for <paramref name="seconds"/>, sweeping each second.</summary>
    private void Hear(Pseudonym device, int zone, int rssi, int from, int seconds, int otherZone = -1, int otherRssi = 0)
    {
        for (var t = from; t < from + seconds; t++)
        {
            var now = s_start.AddSeconds(t);
            _tracker.Observe(new Sighting(device, zone, rssi, now, 76));
            if (otherZone >= 0)
            {
                _tracker.Observe(new Sighting(device, otherZone, otherRssi, now, 76));
            }

            _tracker.Sweep(now);
        }
    }

    private void SweepUntil(int second)
    {
        for (var t = 0; t <= second; t++)
        {
            _tracker.Sweep(s_start.AddSeconds(t));
        }
    }

    private ZoneStatistics Zone(string id) => _tracker.Snapshot().Single(z => z.ZoneId == id);

    [Fact]
    public void Observe_BoundaryWithinHysteresis_DoesNotFlap()
    {
        var device = Device(1);
        Hear(device, Aisle, -60, 0, 30, Bakery, -62);
        Hear(device, Bakery, -59, 30, 30, Aisle, -61);

        Assert.Equal(1, Zone("aisle").VisitorsEstimate);
        Assert.Equal(0, Zone("bakery").VisitorsEstimate);
    }

    [Fact]
    public void Observe_OtherZoneClearlyStronger_MovesAfterSwitchDelayAndClosesFirstVisit()
    {
        var device = Device(1);
        Hear(device, Aisle, -60, 0, 30, Bakery, -80);
        Hear(device, Bakery, -55, 30, 40, Aisle, -80);

        Assert.Equal(1, Zone("bakery").VisitorsEstimate);
        var closed = Assert.Single(_sink.Visits, v => v.ZoneId == "aisle" && v.Left is not null);
        Assert.InRange((closed.Left!.Value - s_start).TotalSeconds, 30, 40);
    }

    [Fact]
    public void Observe_ShortWalkThrough_IsNoVisit()
    {
        var device = Device(1);
        Hear(device, Aisle, -60, 0, 30, Bakery, -80);
        Hear(device, Bakery, -55, 30, 5, Aisle, -80);
        Hear(device, Aisle, -60, 35, 30, Bakery, -80);

        Assert.Equal(0, Zone("bakery").VisitorsEstimate);
        Assert.Equal(1, Zone("aisle").VisitorsEstimate);
    }

    [Fact]
    public void Sweep_SilentPastTimeout_ClosesAtLastSightingAndForgetsDevice()
    {
        var device = Device(1);
        Hear(device, Aisle, -60, 0, 120);
        SweepUntil(119 + (int)_options.VisitTimeout.TotalSeconds + 1);

        var closed = Assert.Single(_sink.Visits, v => v.Left is not null);
        Assert.Equal(s_start, closed.Entered);
        Assert.Equal(s_start.AddSeconds(119), closed.Left);
        Assert.Equal(0, _tracker.TrackedDevices);
        Assert.Equal(119, Zone("aisle").TotalDwell.TotalSeconds);
        Assert.All(_sink.Visits, v => Assert.Equal(device, v.Device));
    }

    [Fact]
    public void Sweep_SingleSighting_IsPasserByNotVisitor()
    {
        Hear(Device(1), Aisle, -85, 0, 1);
        SweepUntil(100);

        Assert.Empty(_sink.Visits);
        Assert.Equal(1, _tracker.Unconfirmed);
        Assert.Equal(0, _tracker.TrackedDevices);
    }

    [Fact]
    public void Observe_LongStay_ReReportsOpenVisit()
    {
        Hear(Device(1), Aisle, -60, 0, 200);

        Assert.True(_sink.Visits.Count(v => v.Left is null) >= 3);
    }

    [Fact]
    public void Sweep_AddressRotatesInPlace_LinksToSameVisitor()
    {
        var before = Device(1);
        var after = Device(2);
        Hear(before, Aisle, -62, 0, 60);
        Hear(after, Aisle, -63, 61, 60);
        SweepUntil(300);

        var aisle = Zone("aisle");
        Assert.Equal(1, aisle.VisitorsEstimate);
        Assert.Equal(2, aisle.DistinctAddresses);
        Assert.Equal(1, aisle.LinkedAddresses);
        Assert.All(_sink.Visits, v => Assert.Equal(before, v.Device));
        var closed = Assert.Single(_sink.Visits, v => v.Left is not null);
        Assert.Equal(s_start.AddSeconds(120), closed.Left);
    }

    [Fact]
    public void Sweep_NewAddressWithVeryDifferentSignal_IsNewVisitor()
    {
        Hear(Device(1), Aisle, -55, 0, 60);
        Hear(Device(2), Aisle, -85, 61, 60);
        SweepUntil(300);

        Assert.Equal(2, Zone("aisle").VisitorsEstimate);
        Assert.Equal(0, Zone("aisle").LinkedAddresses);
    }

    [Fact]
    public void Sweep_ContinuityDisabled_CountsEveryAddress()
    {
        _options.ContinuityEnabled = false;
        Hear(Device(1), Aisle, -62, 0, 60);
        Hear(Device(2), Aisle, -63, 61, 60);
        SweepUntil(300);

        Assert.Equal(2, Zone("aisle").VisitorsEstimate);
    }

    [Fact]
    public void Observe_KeyRotated_ClosesVisitsOfPreviousEpoch()
    {
        Hear(Device(1), Aisle, -60, 0, 30);
        _pseudonymizer.Rotate();
        Hear(Device(1), Aisle, -60, 30, 1);

        var closed = Assert.Single(_sink.Visits, v => v.Left is not null);
        Assert.Equal(0, closed.Device.Epoch);
        Assert.Equal(1, _tracker.TrackedDevices);
    }

    [Fact]
    public void Observe_MoreDevicesThanBound_DropsAndCounts()
    {
        _options.MaximumTrackedDevices = 3;
        var counters = new BeaconCounters();
        var tracker = new ZoneTracker(_options, new ZoneMap(_options), _sink, counters);
        for (byte i = 0; i < 5; i++)
        {
            tracker.Observe(new Sighting(Device(i), Aisle, -60, s_start, -1));
        }

        Assert.Equal(3, tracker.TrackedDevices);
        Assert.Equal(2, counters.TrackerFull);
    }
}
