using Edge.Privacy;

namespace Edge.Beacons.Zones;

/// <summary>
/// The visit side of <see cref="ZoneTracker"/>: reports visits opening and closing to the footfall sink and keeps the
/// per-zone counts behind <see cref="ZoneStatistics"/>. Not thread-safe: the tracker locks.
/// </summary>
internal sealed class ZoneVisitLedger
{
    private readonly string[] _zoneIds;
    private readonly IZoneVisitSink _sink;
    private readonly ZoneTally[] _tallies;

    public ZoneVisitLedger(string[] zoneIds, IZoneVisitSink sink)
    {
        ArgumentNullException.ThrowIfNull(zoneIds);
        ArgumentNullException.ThrowIfNull(sink);
        _zoneIds = zoneIds;
        _sink = sink;
        _tallies = new ZoneTally[zoneIds.Length];
        for (var z = 0; z < _tallies.Length; z++)
        {
            _tallies[z] = new ZoneTally();
        }
    }

    public int ZoneCount => _zoneIds.Length;

    /// <summary>Counts a visit to <paramref name="zone"/>: a visitor confirmed there, or one that moved there.</summary>
    public void CountVisit(int zone) => _tallies[zone].Visits++;

    /// <summary>Counts an address that continued a visitor's stay after an address rotation.</summary>
    public void CountLinked(int zone) => _tallies[zone].LinkedAddresses++;

    /// <summary>Counts the track's address as placed in <paramref name="zone"/>, once per address and zone.</summary>
    public void CountAddress(DeviceTrack track, int zone)
    {
        if ((track.ZonesCounted & (1UL << zone)) == 0)
        {
            track.ZonesCounted |= 1UL << zone;
            _tallies[zone].DistinctAddresses++;
        }
    }

    /// <summary>Reports the track's visit as open (entered, not left) and notes when.</summary>
    public void ReportOpen(DeviceTrack track, DateTimeOffset now)
    {
        track.LastReported = now;
        _sink.Record(new ZoneVisit(track.Visitor, _zoneIds[track.Zone], track.ZoneEntered, null));
    }

    /// <summary>Reports the track's visit as closed at <paramref name="left"/> (never before it entered) and adds its dwell.</summary>
    public void Close(DeviceTrack track, DateTimeOffset left)
    {
        if (left < track.ZoneEntered)
        {
            left = track.ZoneEntered;
        }

        var tally = _tallies[track.Zone];
        tally.ClosedVisits++;
        tally.DwellTicks += (left - track.ZoneEntered).Ticks;
        _sink.Record(new ZoneVisit(track.Visitor, _zoneIds[track.Zone], track.ZoneEntered, left));
    }

    /// <summary>The counts of every zone, with <paramref name="present"/> confirmed visitors in each zone now.</summary>
    public IReadOnlyList<ZoneStatistics> Snapshot(int[] present)
    {
        ArgumentNullException.ThrowIfNull(present);
        var result = new ZoneStatistics[_zoneIds.Length];
        for (var z = 0; z < _zoneIds.Length; z++)
        {
            var tally = _tallies[z];
            result[z] = new ZoneStatistics(
                _zoneIds[z], tally.Visits, tally.DistinctAddresses, tally.LinkedAddresses, present[z],
                tally.ClosedVisits, TimeSpan.FromTicks(tally.DwellTicks));
        }

        return result;
    }
}
