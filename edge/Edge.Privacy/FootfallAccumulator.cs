using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>
/// Counts zone visits of pseudonyms into the current window with contribution bounding: a pseudonym counts at most
/// once per (zone, window), in at most K cells per day, with its dwell per cell clamped. Where and how long a
/// pseudonym was is discarded when the window closes; what remains until the key changes is one small integer per
/// pseudonym (cells used today), needed to enforce K. Nothing of it is ever written to disk.
/// </summary>
/// <remarks>
/// This class owns the lock, the windows and the key epoch; the per-pseudonym state and the bounding live in
/// <see cref="FootfallDevices"/>. A window never mixes two keys: when visits of a newer key epoch arrive, the window's
/// device state is discarded and the window is marked partial. A window the gateway did not observe from start to end
/// (start-up, restart, a clock jump or a stall of more than two minutes) is partial too. Closed windows queue as
/// <see cref="WindowTally"/> for <see cref="DrainClosedWindows"/>.
/// </remarks>
internal sealed class FootfallAccumulator : IZoneVisitSink
{
    private static readonly TimeSpan s_maxObservationGap = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly FootfallCalendar _calendar;
    private readonly PrivacyCounters _counters;
    private readonly Dictionary<string, int> _zones;
    private readonly string[] _zoneOrder;
    private readonly FootfallDevices _devices;
    private readonly Queue<WindowTally> _closed = new();
    private FootfallWindow? _current;
    private DateTimeOffset? _lastSeen;
    private bool _currentPartial;
    private int? _epoch;
    private DateOnly _cellsDay;

    public FootfallAccumulator(TimeProvider timeProvider, FootfallCalendar calendar, IOptions<PrivacyOptions> options, PrivacyCounters counters)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        _calendar = calendar;
        _counters = counters;
        _zoneOrder = [.. options.Value.Zones];
        _zones = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var z = 0; z < _zoneOrder.Length; z++)
        {
            _zones.TryAdd(_zoneOrder[z], z);
        }

        _devices = new FootfallDevices(_zoneOrder.Length, options.Value.MaxCellsPerDevicePerDay, options.Value.MaxDwell, counters);
    }

    public void Record(in ZoneVisit visit)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            AdvanceLocked(now);
            if (_current is not { } window)
            {
                _counters.Increment(PrivacyCounter.NotCollectingSightings);
                return;
            }

            if (!_zones.TryGetValue(visit.ZoneId, out var zone))
            {
                _counters.Increment(PrivacyCounter.UnknownZoneVisits);
                return;
            }

            if (!AcceptEpochLocked(visit.Device.Epoch))
            {
                _counters.Increment(PrivacyCounter.StaleKeyVisits);
                return;
            }

            // The visit as far as this window sees it: from entry (or the window start) to exit (or now).
            var end = visit.Left ?? now;
            if (end > now)
            {
                end = now;
            }

            if (end < window.Start)
            {
                // A visit that ended in an already closed window: that window was counted from its open visits.
                return;
            }

            var entered = visit.Entered > end ? end : visit.Entered;
            if (!_devices.TryRecordStay(visit.Device, zone, entered.UtcTicks, end.UtcTicks))
            {
                _counters.Increment(PrivacyCounter.OverCapacityVisits);
            }
        }
    }

    /// <summary>Closes every window that ended at or before <paramref name="now"/> and opens the one containing it.</summary>
    public void Advance(DateTimeOffset now)
    {
        lock (_gate)
        {
            AdvanceLocked(now);
        }
    }

    /// <summary>Told by the footfall service on its tick when the pseudonymizer's key changed (independently of any visit).</summary>
    public void KeyRotated(int epoch)
    {
        lock (_gate)
        {
            if (_epoch is null || epoch > _epoch)
            {
                StartEpochLocked(epoch);
            }
        }
    }

    /// <summary>Closed windows since the last call, oldest first.</summary>
    public IReadOnlyList<WindowTally> DrainClosedWindows()
    {
        lock (_gate)
        {
            var drained = _closed.ToArray();
            _closed.Clear();
            return drained;
        }
    }

    /// <summary>Pseudonyms with state in the current window (for tests and the transparency report: a number, nothing else).</summary>
    public int DevicesInWindow
    {
        get
        {
            lock (_gate)
            {
                return _devices.InWindow;
            }
        }
    }

    private bool AcceptEpochLocked(int epoch)
    {
        if (_epoch is null || epoch == _epoch)
        {
            _epoch = epoch;
            return true;
        }

        if (epoch < _epoch)
        {
            return false;
        }

        StartEpochLocked(epoch);
        return true;
    }

    /// <summary>
    /// A newer key: counts of the open window made under the old key are dropped, never merged with the new ones, and
    /// the window is marked partial whether or not anyone was counted, so the flag reveals nothing about visitors.
    /// </summary>
    private void StartEpochLocked(int epoch)
    {
        _devices.ForgetAll();
        if (_current is not null)
        {
            _currentPartial = true;
        }

        _epoch = epoch;
    }

    private void AdvanceLocked(DateTimeOffset now)
    {
        // Observation is continuous while the clock is seen at least every MaxObservationGap (the service ticks every
        // few seconds). A window with a hole in it (start-up, restart, suspension, a clock jump) is partial: decided
        // by the clock alone, never by who was there.
        var seen = _lastSeen;
        if (_lastSeen is null || now > _lastSeen)
        {
            _lastSeen = now;
        }

        if (_current is { } open)
        {
            if (seen is { } before && now - before > s_maxObservationGap)
            {
                _currentPartial = true;
            }

            if (now < open.End)
            {
                return;
            }

            CloseLocked(open);
            _current = null;
        }

        if (_zoneOrder.Length == 0 || _calendar.WindowAt(now) is not { } next)
        {
            return;
        }

        // Windows skipped entirely are published at release as partial noise-only cells.
        _current = next;
        _currentPartial = seen is not { } last || last < next.Start - s_maxObservationGap;
        if (next.Day != _cellsDay)
        {
            _devices.ForgetDay();
            _cellsDay = next.Day;
        }
    }

    private void CloseLocked(FootfallWindow window)
    {
        var visitors = new long[_zoneOrder.Length];
        var dwell = new long[_zoneOrder.Length];
        _devices.CloseWindow(window, visitors, dwell);
        var tallies = new ZoneTally[_zoneOrder.Length];
        for (var z = 0; z < _zoneOrder.Length; z++)
        {
            tallies[z] = new ZoneTally(_zoneOrder[z], visitors[z], dwell[z]);
        }

        if (_currentPartial)
        {
            _counters.Increment(PrivacyCounter.PartialWindows);
        }

        _closed.Enqueue(new WindowTally(window, _currentPartial, tallies));
        _currentPartial = false;
    }
}
