using System.Runtime.CompilerServices;
using Edge.Privacy;
using Edge.Beacons.Configuration;
using Edge.Beacons.Diagnostics;

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
/// Memory per tracked device is a target (256 bytes on the whole footfall path): the devices are one table, not an
/// object each. <see cref="PseudonymIndex"/> maps the 16-byte address pseudonym to a slot (about 24 bytes with its
/// hash index); the slot's <see cref="TrackState"/> (56 bytes) and its per-zone <see cref="ZoneSignal"/>s (8 bytes
/// per zone) live by value in chunked arrays. All pseudonyms in the table share one key epoch (a new epoch closes
/// every visit first), so the epoch is kept once, and all instants are milliseconds from one base instant.
/// </remarks>
internal sealed class ZoneTracker
{
    // A new address may appear slightly before the old one's last queued sighting is processed.
    private static readonly TimeSpan s_continuityOverlap = TimeSpan.FromSeconds(2);

    private readonly FootfallOptions _options;
    private readonly string[] _zoneIds;
    private readonly IZoneVisitSink _sink;
    private readonly BeaconCounters _counters;
    private readonly PseudonymIndex _index = new();
    private readonly ChunkedArray<TrackState> _states = new();
    private readonly ChunkedArray<ZoneSignal> _signals;
    private readonly Tally[] _tallies;
    private readonly Lock _gate = new();
    private long _unconfirmed;
    private int _epoch;

    // Instant (UTC ticks) that stored milliseconds count from; moved only while the table is empty or by Rebase.
    private long _baseTicks;

    public ZoneTracker(FootfallOptions options, ZoneMap zones, IZoneVisitSink sink, BeaconCounters counters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(counters);
        _options = options;
        _zoneIds = zones.ZoneIds;
        _sink = sink;
        _counters = counters;
        _tallies = [.. _zoneIds.Select(_ => new Tally())];
        _signals = new ChunkedArray<ZoneSignal>(Math.Max(1, _zoneIds.Length));
    }

    /// <summary>Devices currently held in memory (provisional and confirmed).</summary>
    public int TrackedDevices
    {
        get
        {
            lock (_gate)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>Addresses dropped without becoming a visitor (seen too briefly: passers-by).</summary>
    public long Unconfirmed => Interlocked.Read(ref _unconfirmed);

    public void Observe(in Sighting sighting)
    {
        lock (_gate)
        {
            if (sighting.Device.Epoch != _epoch)
            {
                // The pseudonym key rotated: no visit may continue under a new key's pseudonyms.
                CloseAllLocked();
                _epoch = sighting.Device.Epoch;
            }

            KeepInRange(sighting.Timestamp);
            var slot = _index.Find(sighting.Device);
            if (slot < 0)
            {
                if (_index.Count >= _options.MaximumTrackedDevices)
                {
                    _counters.CountTrackerFull();
                    return;
                }

                slot = _index.Add(sighting.Device);
                _states.EnsureSlot(slot);
                _signals.EnsureSlot(slot);
                Track(slot).Initialize(sighting.Device, sighting.Timestamp, sighting.DeviceClass);
            }

            var track = Track(slot);
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
                ReportOpen(track, sighting.Timestamp);
            }
        }
    }

    /// <summary>Confirms or links provisional addresses, then closes visits silent for longer than the timeout.</summary>
    public void Sweep(DateTimeOffset now)
    {
        lock (_gate)
        {
            KeepInRange(now);

            // Slots are visited in order; a slot freed by linking is skipped, and nothing is added during a sweep.
            for (var slot = 0; slot < _index.HighWater; slot++)
            {
                if (!_index.IsUsed(slot))
                {
                    continue;
                }

                var track = Track(slot);
                if (track.Confirmed || track.Zone < 0 || now - track.FirstSeen < _options.ConfirmAfter ||
                    track.Sightings < _options.MinimumSightingsToConfirm)
                {
                    continue;
                }

                if (!(_options.ContinuityEnabled && TryLink(slot, track, now)))
                {
                    track.Confirmed = true;
                    _tallies[track.Zone].Visits++;
                    ReportOpen(track, now);
                }
            }

            for (var slot = 0; slot < _index.HighWater; slot++)
            {
                if (!_index.IsUsed(slot))
                {
                    continue;
                }

                var track = Track(slot);
                if (now - track.LastSeen < _options.VisitTimeout)
                {
                    continue;
                }

                if (track.Confirmed)
                {
                    Close(track, track.LastSeen);
                }
                else
                {
                    Interlocked.Increment(ref _unconfirmed);
                }

                _index.Remove(slot);
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
            var present = new int[_zoneIds.Length];
            for (var slot = 0; slot < _index.HighWater; slot++)
            {
                if (_index.IsUsed(slot) && _states[slot].Confirmed && _states[slot].Zone >= 0)
                {
                    present[_states[slot].Zone]++;
                }
            }

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

    private void CloseAllLocked()
    {
        for (var slot = 0; slot < _index.HighWater; slot++)
        {
            if (_index.IsUsed(slot) && _states[slot].Confirmed)
            {
                var track = Track(slot);
                Close(track, track.LastSeen);
            }
        }

        _index.Clear();
        _states.Release();
        _signals.Release();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DeviceTrack Track(int slot) => new(ref _states[slot], _signals.Row(slot), _baseTicks, _epoch);

    /// <summary>
    /// Keeps every instant the table stores within 12 days of its base (an int of milliseconds holds 24): an empty
    /// table takes the instant as its base; a full one moves its base by whole milliseconds and its stored instants
    /// with it (a clock jump of days; instants then older than 24 days are clamped, long past any timeout).
    /// </summary>
    private void KeepInRange(DateTimeOffset at)
    {
        const long Limit = 1L << 30;
        if (_index.Count == 0)
        {
            _baseTicks = at.UtcTicks;
            return;
        }

        var shift = DeviceTrack.MillisecondsSinceBase(at.UtcTicks, _baseTicks);
        if (shift is > -Limit and < Limit)
        {
            return;
        }

        _baseTicks += shift * TimeSpan.TicksPerMillisecond;
        for (var slot = 0; slot < _index.HighWater; slot++)
        {
            if (!_index.IsUsed(slot))
            {
                continue;
            }

            ref var state = ref _states[slot];
            state.FirstSeen = Shift(state.FirstSeen, shift);
            state.LastSeen = Shift(state.LastSeen, shift);
            state.ZoneEntered = Shift(state.ZoneEntered, shift);
            state.CandidateSince = Shift(state.CandidateSince, shift);
            state.LastReported = Shift(state.LastReported, shift);
            foreach (ref var signal in _signals.Row(slot))
            {
                signal.AtMilliseconds = Shift(signal.AtMilliseconds, shift);
            }
        }
    }

    private static int Shift(int milliseconds, long by) =>
        milliseconds == DeviceTrack.Never ? DeviceTrack.Never : DeviceTrack.Clamp(milliseconds - by);

    private void Assign(DeviceTrack track, DateTimeOffset now)
    {
        var best = -1;
        var bestValue = double.NegativeInfinity;
        var nowMilliseconds = track.MillisecondsOf(now);
        var freshMilliseconds = 2 * (long)_options.SmoothingWindow.TotalMilliseconds;
        for (var z = 0; z < _zoneIds.Length; z++)
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
                CountAddress(track, best);
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
        Close(track, changedAt);
        track.Zone = best;
        track.ZoneEntered = changedAt;
        _tallies[best].Visits++;
        ReportOpen(track, now);
        CountAddress(track, best);
    }

    private void CountAddress(DeviceTrack track, int zone)
    {
        if ((track.ZonesCounted & (1UL << zone)) == 0)
        {
            track.ZonesCounted |= 1UL << zone;
            _tallies[zone].DistinctAddresses++;
        }
    }

    private bool TryLink(int freshSlot, DeviceTrack fresh, DateTimeOffset now)
    {
        var match = -1;
        var matchScore = double.MaxValue;
        for (var slot = 0; slot < _index.HighWater; slot++)
        {
            // Most tracks fail on zone or confirmation: test those on the stored state before building a view.
            if (slot == freshSlot || !_index.IsUsed(slot) || !_states[slot].Confirmed || _states[slot].Zone != fresh.Zone)
            {
                continue;
            }

            var old = Track(slot);
            if (!old.Confirmed || old.Zone != fresh.Zone ||
                (old.DeviceClass >= 0 && fresh.DeviceClass >= 0 && old.DeviceClass != fresh.DeviceClass) ||
                now - old.LastSeen < _options.ContinuityMinimumSilence)
            {
                continue;
            }

            var gap = fresh.FirstSeen - old.LastSeen;
            if (gap > _options.ContinuityMaximumGap || gap < -s_continuityOverlap)
            {
                continue;
            }

            var difference = Math.Abs(old.Smoothed(old.Zone) - fresh.Smoothed(fresh.Zone));
            if (difference > _options.ContinuityMaximumRssiDifferenceDb)
            {
                continue;
            }

            var score = difference + Math.Abs(gap.TotalSeconds);
            if (score < matchScore)
            {
                match = slot;
                matchScore = score;
            }
        }

        if (match < 0)
        {
            return false;
        }

        var matched = Track(match);
        fresh.Visitor = matched.Visitor;
        fresh.Confirmed = true;
        fresh.ZoneEntered = matched.ZoneEntered;
        fresh.LastReported = matched.LastReported;
        _index.Remove(match);
        _tallies[fresh.Zone].LinkedAddresses++;
        return true;
    }

    private void ReportOpen(DeviceTrack track, DateTimeOffset now)
    {
        track.LastReported = now;
        _sink.Record(new ZoneVisit(track.Visitor, _zoneIds[track.Zone], track.ZoneEntered, null));
    }

    private void Close(DeviceTrack track, DateTimeOffset left)
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

    private sealed class Tally
    {
        public long Visits { get; set; }

        public long DistinctAddresses { get; set; }

        public long LinkedAddresses { get; set; }

        public long ClosedVisits { get; set; }

        public long DwellTicks { get; set; }
    }
}
