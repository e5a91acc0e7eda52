using Edge.Beacons.Configuration;
using Edge.Beacons.Diagnostics;
using Edge.Privacy;

namespace Edge.Beacons.Zones;

/// <summary>
/// Places pseudonymous devices in zones and turns their stays into visits for the footfall sink.
/// <list type="bullet">
/// <item>Zone: the zone whose scanners hear the device strongest after smoothing, switched only when another zone has
/// been <see cref="FootfallOptions.HysteresisDb"/> stronger (or the current zone quiet) for
/// <see cref="FootfallOptions.ZoneSwitchDelay"/>, so boundaries do not flap and walking through a zone is no visit.</item>
/// <item>Visit: a new address is provisional for <see cref="FootfallOptions.ConfirmAfter"/>; then it is either linked to
/// an address that fell silent in the same zone just before it appeared, with a similar signal and the same device
/// class (the phone rotated its address: the visit continues under the old visitor handle), or confirmed as a new
/// visitor. A visit closes after <see cref="FootfallOptions.VisitTimeout"/> of silence, at the last sighting, and the
/// device's state is dropped.</item>
/// </list>
/// Step methods (<see cref="Observe"/>, <see cref="Sweep"/>) are called by the pipeline loop and directly by tests.
/// </summary>
/// <remarks>
/// The work is shared out: <see cref="DeviceTable"/> holds the devices compactly, <see cref="AddressContinuity"/>
/// links rotated addresses, and <see cref="ZoneVisitLedger"/> reports visits and keeps the per-zone counts. This class
/// places devices in zones, decides when a visit starts and ends, and holds the lock that makes the three safe.
/// </remarks>
internal sealed class ZoneTracker
{
    private readonly FootfallOptions _options;
    private readonly BeaconCounters _counters;
    private readonly DeviceTable _table;
    private readonly ZoneVisitLedger _ledger;
    private readonly AddressContinuity _continuity;
    private readonly int _zoneCount;
    private readonly Lock _gate = new();
    private long _unconfirmed;

    public ZoneTracker(FootfallOptions options, ZoneMap zones, IZoneVisitSink sink, BeaconCounters counters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(counters);
        _options = options;
        _counters = counters;
        _zoneCount = zones.ZoneIds.Length;
        _table = new DeviceTable(_zoneCount);
        _ledger = new ZoneVisitLedger(zones.ZoneIds, sink);
        _continuity = new AddressContinuity(options, _table, _ledger);
    }

    /// <summary>Devices currently held in memory (provisional and confirmed).</summary>
    public int TrackedDevices
    {
        get
        {
            lock (_gate)
            {
                return _table.Count;
            }
        }
    }

    /// <summary>Addresses dropped without becoming a visitor (seen too briefly: passers-by).</summary>
    public long Unconfirmed => Interlocked.Read(ref _unconfirmed);

    public void Observe(in Sighting sighting)
    {
        lock (_gate)
        {
            if (sighting.Device.Epoch != _table.Epoch)
            {
                // The pseudonym key rotated: no visit may continue under a new key's pseudonyms.
                CloseAllLocked();
                _table.Epoch = sighting.Device.Epoch;
            }

            _table.KeepInRange(sighting.Timestamp);
            var slot = _table.Find(sighting.Device);
            if (slot < 0)
            {
                if (_table.Count >= _options.MaximumTrackedDevices)
                {
                    _counters.CountTrackerFull();
                    return;
                }

                slot = _table.Add(sighting.Device, sighting.Timestamp, sighting.DeviceClass);
            }

            var track = _table.Track(slot);
            track.Sightings++;
            track.UpdateSignal(sighting.ZoneIndex, sighting.Rssi, sighting.Timestamp, _options.SmoothingWindow);
            if (sighting.Timestamp > track.LastSeen)
            {
                track.LastSeen = sighting.Timestamp;
            }

            if (track.DeviceClass < 0)
            {
                track.DeviceClass = sighting.DeviceClass;
            }

            Assign(track, sighting.Timestamp);
            if (track.Confirmed && sighting.Timestamp - track.LastReported >= _options.OpenVisitRefresh)
            {
                _ledger.ReportOpen(track, sighting.Timestamp);
            }
        }
    }

    /// <summary>Confirms or links provisional addresses, then closes visits silent for longer than the timeout.</summary>
    public void Sweep(DateTimeOffset now)
    {
        lock (_gate)
        {
            _table.KeepInRange(now);

            // Slots are visited in order; a slot freed by linking is skipped, and nothing is added during a sweep.
            for (var slot = 0; slot < _table.HighWater; slot++)
            {
                if (!_table.IsUsed(slot))
                {
                    continue;
                }

                var track = _table.Track(slot);
                if (track.Confirmed || track.Zone < 0 || now - track.FirstSeen < _options.ConfirmAfter ||
                    track.Sightings < _options.MinimumSightingsToConfirm)
                {
                    continue;
                }

                if (!(_options.ContinuityEnabled && _continuity.TryLink(slot, track, now)))
                {
                    track.Confirmed = true;
                    _ledger.CountVisit(track.Zone);
                    _ledger.ReportOpen(track, now);
                }
            }

            for (var slot = 0; slot < _table.HighWater; slot++)
            {
                if (!_table.IsUsed(slot))
                {
                    continue;
                }

                var track = _table.Track(slot);
                if (now - track.LastSeen < _options.VisitTimeout)
                {
                    continue;
                }

                if (track.Confirmed)
                {
                    _ledger.Close(track, track.LastSeen);
                }
                else
                {
                    Interlocked.Increment(ref _unconfirmed);
                }

                _table.Remove(slot);
            }
        }
    }

    /// <summary>Closes every open visit (shutdown, key rotation): no visit may span two pseudonym epochs.</summary>
    public void CloseAll()
    {
        lock (_gate)
        {
            CloseAllLocked();
        }
    }

    public IReadOnlyList<ZoneStatistics> Snapshot()
    {
        lock (_gate)
        {
            var present = new int[_zoneCount];
            for (var slot = 0; slot < _table.HighWater; slot++)
            {
                if (_table.IsUsed(slot) && _table.State(slot).Confirmed && _table.State(slot).Zone >= 0)
                {
                    present[_table.State(slot).Zone]++;
                }
            }

            return _ledger.Snapshot(present);
        }
    }

    private void CloseAllLocked()
    {
        for (var slot = 0; slot < _table.HighWater; slot++)
        {
            if (_table.IsUsed(slot) && _table.State(slot).Confirmed)
            {
                var track = _table.Track(slot);
                _ledger.Close(track, track.LastSeen);
            }
        }

        _table.Clear();
    }

    private void Assign(DeviceTrack track, DateTimeOffset now)
    {
        var best = -1;
        var bestValue = double.NegativeInfinity;
        var nowMilliseconds = track.MillisecondsOf(now);
        var freshMilliseconds = 2 * (long)_options.SmoothingWindow.TotalMilliseconds;
        for (var z = 0; z < _zoneCount; z++)
        {
            if (track.IsFresh(z, nowMilliseconds, freshMilliseconds) && track.Smoothed(z) > bestValue)
            {
                best = z;
                bestValue = track.Smoothed(z);
            }
        }

        if (best < 0)
        {
            return;
        }

        if (!track.Confirmed)
        {
            // Nothing was reported for a provisional address yet: follow the strongest zone at once, so that the
            // continuity check compares it with the right zone. Its visit starts when it was first heard.
            if (track.Zone != best)
            {
                track.Zone = best;
                track.ZoneEntered = track.FirstSeen;
                _ledger.CountAddress(track, best);
            }

            return;
        }

        if (best == track.Zone ||
            (track.IsFresh(track.Zone, now, _options.SmoothingWindow) && bestValue < track.Smoothed(track.Zone) + _options.HysteresisDb))
        {
            track.Candidate = -1;
            return;
        }

        if (track.Candidate != best)
        {
            track.Candidate = best;
            track.CandidateSince = now;
        }

        if (now - track.CandidateSince < _options.ZoneSwitchDelay)
        {
            return;
        }

        // The device has been in the new zone since the candidate started winning: back-date the change to then.
        var changedAt = track.CandidateSince;
        track.Candidate = -1;
        _ledger.Close(track, changedAt);
        track.Zone = best;
        track.ZoneEntered = changedAt;
        _ledger.CountVisit(best);
        _ledger.ReportOpen(track, now);
        _ledger.CountAddress(track, best);
    }
}
