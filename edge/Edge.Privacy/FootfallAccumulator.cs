using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>
/// Counts zone visits of pseudonyms into the current window with contribution bounding: a pseudonym counts at most
/// once per (zone, window), in at most K cells per day, with its dwell per cell clamped. Where and how long a
/// pseudonym was is discarded when the window closes; what remains until the key changes is one small integer per
/// pseudonym (cells used today), needed to enforce K. Nothing of it is ever written to disk.
/// </summary>
/// <remarks>
/// A window never mixes two keys: when visits of a newer key epoch arrive, the window's device state is discarded
/// and the window is marked partial. A window the gateway did not observe from start to end (start-up, restart, a
/// clock jump or a stall of more than two minutes) is partial too. Closed windows queue as <see cref="WindowTally"/> for <see cref="DrainClosedWindows"/>.
/// </remarks>
internal sealed class FootfallAccumulator : IZoneVisitSink
{
    private static readonly TimeSpan s_maxObservationGap = TimeSpan.FromMinutes(2);

    // Memory bounds against a flood of fresh addresses (each becomes a new pseudonym): a pseudonym that cannot be
    // tracked for K cannot be counted safely, so beyond these it is dropped and counted. About 100 bytes each.
    private const int MaxDevicesPerWindow = 100_000;
    private const int MaxDevicesPerDay = 500_000;

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly FootfallCalendar _calendar;
    private readonly PrivacyCounters _counters;
    private readonly Dictionary<string, int> _zones;
    private readonly string[] _zoneOrder;
    private readonly int _maxCells;
    private readonly long _maxDwellSeconds;

    // One table of the pseudonyms of the current key epoch (16 bytes each plus its share of the hash index), and per
    // slot: the index of its latest stay in the current window in _stays, whose records chain to its earlier ones
    // (-1: not in the window), and the cells it used today (-1: none counted today yet). Stays are 24 bytes each.
    // About 56 bytes per device in the window, 32 per device seen earlier today, instead of two dictionaries.
    private readonly PseudonymIndex _index = new();
    private readonly ChunkedArray<DeviceCells> _cells = new();
    private readonly ChunkedArray<Stay> _stays = new();
    private readonly long[] _zoneDwellTicks;
    private readonly bool[] _zoneSeen;
    private int _stayCount;
    private int _devicesInWindow;
    private int _devicesToday;
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

        _zoneDwellTicks = new long[_zoneOrder.Length];
        _zoneSeen = new bool[_zoneOrder.Length];
        _maxCells = options.Value.MaxCellsPerDevicePerDay;
        _maxDwellSeconds = (long)options.Value.MaxDwell.TotalSeconds;
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
            var slot = _index.Find(visit.Device);
            var latest = slot < 0 ? -1 : _cells[slot].Latest;
            if (latest < 0
                && (_devicesInWindow >= MaxDevicesPerWindow
                    || (_devicesToday >= MaxDevicesPerDay && (slot < 0 || _cells[slot].CellsUsed < 0))))
            {
                _counters.Increment(PrivacyCounter.OverCapacityVisits);
                return;
            }

            for (var i = latest; i >= 0; i = _stays[i].Previous)
            {
                var stay = _stays[i];
                if (stay.Zone == zone && stay.EnteredTicks == entered.UtcTicks)
                {
                    if (end.UtcTicks > stay.EndTicks)
                    {
                        _stays[i] = stay with { EndTicks = end.UtcTicks };
                    }

                    return;
                }
            }

            if (slot < 0)
            {
                slot = _index.Add(visit.Device);
                _cells.EnsureSlot(slot);
                _cells[slot] = new DeviceCells(-1, -1);
            }

            if (latest < 0)
            {
                _devicesInWindow++;
            }

            _stays.EnsureSlot(_stayCount);
            _stays[_stayCount] = new Stay(entered.UtcTicks, end.UtcTicks, zone, latest);
            _cells[slot] = _cells[slot] with { Latest = _stayCount };
            _stayCount++;
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
                return _devicesInWindow;
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
        ForgetAllLocked();
        if (_current is not null)
        {
            _currentPartial = true;
        }

        _epoch = epoch;
    }

    private void ForgetAllLocked()
    {
        _index.Clear();
        _cells.Release();
        _stays.Release();
        _stayCount = 0;
        _devicesInWindow = 0;
        _devicesToday = 0;
    }

    /// <summary>A new day: the cells used are forgotten; pseudonyms with stays in the open window stay.</summary>
    private void ForgetDayLocked()
    {
        if (_devicesInWindow == 0)
        {
            ForgetAllLocked();
            return;
        }

        for (var slot = 0; slot < _index.HighWater; slot++)
        {
            if (!_index.IsUsed(slot))
            {
                continue;
            }

            if (_cells[slot].Latest < 0)
            {
                _index.Remove(slot);
            }
            else
            {
                _cells[slot] = _cells[slot] with { CellsUsed = -1 };
            }
        }

        _devicesToday = 0;
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
            ForgetDayLocked();
            _cellsDay = next.Day;
        }
    }

    private void CloseLocked(FootfallWindow window)
    {
        var visitors = new long[_zoneOrder.Length];
        var dwell = new long[_zoneOrder.Length];
        var candidates = new List<(int Zone, long Dwell)>();
        for (var slot = 0; slot < _index.HighWater; slot++)
        {
            var latest = _index.IsUsed(slot) ? _cells[slot].Latest : -1;
            if (latest < 0)
            {
                continue;
            }

            candidates.Clear();
            Array.Clear(_zoneDwellTicks);
            Array.Clear(_zoneSeen);
            for (var i = latest; i >= 0; i = _stays[i].Previous)
            {
                var stay = _stays[i];
                _zoneSeen[stay.Zone] = true;
                _zoneDwellTicks[stay.Zone] += OverlapTicks(stay, window);
            }

            for (var z = 0; z < _zoneOrder.Length; z++)
            {
                if (_zoneSeen[z])
                {
                    candidates.Add((z, DwellSeconds(_zoneDwellTicks[z], window)));
                }
            }

            var used = Math.Max(0, _cells[slot].CellsUsed);
            var allowed = Math.Max(0, _maxCells - used);
            if (candidates.Count > allowed)
            {
                // Keep the longest stays: the choice depends only on this device's own data.
                candidates.Sort(static (a, b) => b.Dwell != a.Dwell ? b.Dwell.CompareTo(a.Dwell) : a.Zone.CompareTo(b.Zone));
                for (var i = allowed; i < candidates.Count; i++)
                {
                    _counters.Increment(PrivacyCounter.ContributionsBounded);
                }

                candidates.RemoveRange(allowed, candidates.Count - allowed);
            }

            foreach (var (zone, seconds) in candidates)
            {
                visitors[zone]++;
                dwell[zone] += Math.Min(seconds, _maxDwellSeconds);
            }

            if (_cells[slot].CellsUsed < 0)
            {
                _devicesToday++;
            }

            _cells[slot] = new DeviceCells(-1, used + candidates.Count);
        }

        _devicesInWindow = 0;
        _stayCount = 0;
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

    private static long OverlapTicks(Stay stay, FootfallWindow window)
    {
        var start = Math.Max(stay.EnteredTicks, window.Start.UtcTicks);
        var end = Math.Min(stay.EndTicks, window.End.UtcTicks);
        return end > start ? end - start : 0;
    }

    private static long DwellSeconds(long totalTicks, FootfallWindow window)
    {
        var length = (window.End - window.Start).Ticks;
        return (long)TimeSpan.FromTicks(Math.Min(totalTicks, length)).TotalSeconds;
    }

    /// <summary>One stay of a pseudonym in a zone (UTC ticks); <see cref="Previous"/> chains its other stays, -1 ends.</summary>
    private readonly record struct Stay(long EnteredTicks, long EndTicks, int Zone, int Previous);

    /// <summary>A pseudonym's latest stay in the open window (-1: none) and cells used today (-1: none counted yet).</summary>
    private readonly record struct DeviceCells(int Latest, int CellsUsed);
}
