using Edge.Beacons;
using Edge.Beacons.Configuration;
using Edge.Beacons.Diagnostics;
using Edge.Beacons.Inputs;
using Edge.Beacons.Zones;
using Edge.Privacy;

namespace Edge.Beacons.Tests;

/// <summary>The tracker's device table with many devices, removals, slot reuse and a moving time base.</summary>
public sealed class ZoneTrackerTableTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly Pseudonymizer _pseudonymizer = new();
    private readonly RecordingZoneVisitSink _sink = new();
    private readonly FootfallOptions _options;
    private readonly ZoneTracker _tracker;

    public ZoneTrackerTableTests()
    {
        _options = new FootfallOptions { ContinuityEnabled = false };
        _options.Scanners["a"] = "aisle";
        _options.Scanners["b"] = "bakery";
        _tracker = new ZoneTracker(_options, new ZoneMap(_options), _sink, new BeaconCounters());
    }

    public void Dispose() => _pseudonymizer.Dispose();

    private Pseudonym Device(int id) => _pseudonymizer.Pseudonymize([(byte)(id >> 16), (byte)(id >> 8), (byte)id]);

    private void HearAll(Pseudonym[] devices, int from, int seconds)
    {
        for (var t = from; t < from + seconds; t++)
        {
            var now = s_start.AddSeconds(t);
            for (var d = 0; d < devices.Length; d++)
            {
                _tracker.Observe(new Sighting(devices[d], d % 2, -60, now, 76));
            }

            _tracker.Sweep(now);
        }
    }

    [Fact]
    public void Observe_MoreDevicesThanAChunk_CountsEachOnceThenExpiresAllAndReusesTheirSlots()
    {
        var first = Enumerable.Range(0, 1500).Select(Device).ToArray();

        HearAll(first, 0, 10);

        Assert.Equal(first.Length, _tracker.TrackedDevices);
        Assert.Equal(first.Length, _tracker.Snapshot().Sum(z => z.DistinctAddresses));
        Assert.Equal(first.Length, _tracker.Snapshot().Sum(z => z.VisitorsEstimate));
        Assert.Equal(750, _tracker.Snapshot().Single(z => z.ZoneId == "bakery").PresentNow);

        _tracker.Sweep(s_start.AddSeconds(9) + _options.VisitTimeout);

        Assert.Equal(0, _tracker.TrackedDevices);
        Assert.Equal(first.Length, _tracker.Snapshot().Sum(z => z.ClosedVisits));
        Assert.Equal(first.Length, _sink.Visits.Where(v => v.Left is not null).Select(v => v.Device).Distinct().Count());

        var second = Enumerable.Range(2000, 700).Select(Device).ToArray();
        var later = (int)_options.VisitTimeout.TotalSeconds + 20;
        HearAll(second, later, 10);

        Assert.Equal(second.Length, _tracker.TrackedDevices);
        Assert.Equal(first.Length + second.Length, _tracker.Snapshot().Sum(z => z.DistinctAddresses));
        Assert.Equal(0, _tracker.Snapshot().Sum(z => z.LinkedAddresses));
    }

    [Fact]
    public void Observe_ClockJumpsThreeWeeksWithTracksOpen_ClosesThemAtTheirExactLastSighting()
    {
        var early = Device(1);
        HearAll([early], 0, 10);
        var jumped = s_start.AddDays(21);

        // A new device three weeks later (beyond what milliseconds from the old base hold) moves the table's base.
        _tracker.Observe(new Sighting(Device(2), 0, -60, jumped, 76));
        _tracker.Sweep(jumped);

        var closed = Assert.Single(_sink.Visits, v => v.Left is not null);
        Assert.Equal(early, closed.Device);
        Assert.Equal(s_start.AddSeconds(9), closed.Left);
        Assert.Equal(s_start, closed.Entered);
        Assert.Equal(1, _tracker.TrackedDevices);
    }

    [Fact]
    public void Observe_NewKeyEpoch_ClosesEveryVisitAndEmptiesTheTable()
    {
        var devices = Enumerable.Range(0, 600).Select(Device).ToArray();
        HearAll(devices, 0, 10);

        _pseudonymizer.Rotate();
        _tracker.Observe(new Sighting(Device(1), 0, -60, s_start.AddSeconds(10), 76));

        Assert.Equal(1, _tracker.TrackedDevices);
        Assert.Equal(devices.Length, _sink.Visits.Count(v => v.Left is not null));
    }

    [Fact]
    public void Check_ClockRunsForTenMinutes_LetsOneSightingThroughPerIntervalAcrossBaseMoves()
    {
        // Offsets are 32-bit ticks from a base that moves about every 54 s: ten minutes cross it many times.
        var throttle = new SightingThrottle(TimeSpan.FromSeconds(1), 100);
        var device = Device(7);
        var accepted = 0;
        for (var step = 0; step < 1200; step++)
        {
            if (throttle.Check(device, 0, s_start.AddMilliseconds(500 * step)) == ThrottleDecision.Accept)
            {
                accepted++;
            }
        }

        Assert.Equal(600, accepted);
        Assert.Equal(ThrottleDecision.Duplicate, throttle.Check(device, 0, s_start.AddMilliseconds((500 * 1198) + 999)));
        Assert.Equal(ThrottleDecision.Accept, throttle.Check(device, 0, s_start.AddHours(-1)));
        Assert.Equal(ThrottleDecision.Duplicate, throttle.Check(device, 0, s_start.AddHours(-1).AddTicks(1)));
    }
}
