namespace Edge.Privacy;

/// <summary>
/// What <see cref="FootfallAccumulator"/> knows about the pseudonyms of one key epoch: their stays in the open window
/// and the cells each used today, and the contribution bounding applied when the window closes (a pseudonym counts
/// at most once per zone and window, in at most K cells per day, with its dwell per cell clamped).
/// </summary>
/// <remarks>
/// One table of the pseudonyms of the current key epoch (16 bytes each plus its share of the hash index), and per
/// slot: the index of its latest stay in the current window in the stays array, whose records chain to its earlier
/// ones (-1: not in the window), and the cells it used today (-1: none counted today yet). Stays are 24 bytes each.
/// About 56 bytes per device in the window, 32 per device seen earlier today, instead of two dictionaries.
/// Not thread-safe: the accumulator calls it under its lock.
/// </remarks>
internal sealed class FootfallDevices
{
    // Memory bounds against a flood of fresh addresses (each becomes a new pseudonym): a pseudonym that cannot be
    // tracked for K cannot be counted safely, so beyond these it is dropped and counted. About 100 bytes each.
    private const int MaxDevicesPerWindow = 100_000;
    private const int MaxDevicesPerDay = 500_000;

    private readonly PseudonymIndex _index = new();
    private readonly ChunkedArray<DeviceCells> _cells = new();
    private readonly ChunkedArray<WindowStay> _stays = new();
    private readonly PrivacyCounters _counters;
    private readonly int _zoneCount;
    private readonly int _maxCells;
    private readonly long _maxDwellSeconds;
    private readonly long[] _zoneDwellTicks;
    private readonly bool[] _zoneSeen;
    private int _stayCount;
    private int _devicesToday;

    public FootfallDevices(int zoneCount, int maxCellsPerDevicePerDay, TimeSpan maxDwell, PrivacyCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(zoneCount);
        ArgumentNullException.ThrowIfNull(counters);
        _zoneCount = zoneCount;
        _maxCells = maxCellsPerDevicePerDay;
        _maxDwellSeconds = (long)maxDwell.TotalSeconds;
        _counters = counters;
        _zoneDwellTicks = new long[zoneCount];
        _zoneSeen = new bool[zoneCount];
    }

    /// <summary>Pseudonyms with stays in the open window.</summary>
    public int InWindow { get; private set; }

    /// <summary>
    /// Records that <paramref name="device"/> stayed in <paramref name="zone"/> from <paramref name="enteredTicks"/> to
    /// <paramref name="endTicks"/> (UTC ticks), or extends the end of that stay when it is known already.
    /// </summary>
    /// <returns>False when the device is new to the window and the memory bounds are reached: nothing was recorded.</returns>
    public bool TryRecordStay(in Pseudonym device, int zone, long enteredTicks, long endTicks)
    {
        var slot = _index.Find(device);
        var latest = slot < 0 ? -1 : _cells[slot].Latest;
        if (latest < 0
            && (InWindow >= MaxDevicesPerWindow
                || (_devicesToday >= MaxDevicesPerDay && (slot < 0 || _cells[slot].CellsUsed < 0))))
        {
            return false;
        }

        for (var i = latest; i >= 0; i = _stays[i].Previous)
        {
            var stay = _stays[i];
            if (stay.Zone == zone && stay.EnteredTicks == enteredTicks)
            {
                if (endTicks > stay.EndTicks)
                {
                    _stays[i] = stay with { EndTicks = endTicks };
                }

                return true;
            }
        }

        if (slot < 0)
        {
            slot = _index.Add(device);
            _cells.EnsureSlot(slot);
            _cells[slot] = new DeviceCells(-1, -1);
        }

        if (latest < 0)
        {
            InWindow++;
        }

        _stays.EnsureSlot(_stayCount);
        _stays[_stayCount] = new WindowStay(enteredTicks, endTicks, zone, latest);
        _cells[slot] = _cells[slot] with { Latest = _stayCount };
        _stayCount++;
        return true;
    }

    /// <summary>Forgets every pseudonym (a new key epoch).</summary>
    public void ForgetAll()
    {
        _index.Clear();
        _cells.Release();
        _stays.Release();
        _stayCount = 0;
        InWindow = 0;
        _devicesToday = 0;
    }

    /// <summary>A new day: the cells used are forgotten; pseudonyms with stays in the open window stay.</summary>
    public void ForgetDay()
    {
        if (InWindow == 0)
        {
            ForgetAll();
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

    /// <summary>
    /// Adds each pseudonym's bounded contribution to <paramref name="window"/> into <paramref name="visitors"/> and
    /// <paramref name="dwellSeconds"/> (one element per zone), then forgets where and how long it was.
    /// </summary>
    public void CloseWindow(FootfallWindow window, Span<long> visitors, Span<long> dwellSeconds)
    {
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

            for (var z = 0; z < _zoneCount; z++)
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
                dwellSeconds[zone] += Math.Min(seconds, _maxDwellSeconds);
            }

            if (_cells[slot].CellsUsed < 0)
            {
                _devicesToday++;
            }

            _cells[slot] = new DeviceCells(-1, used + candidates.Count);
        }

        InWindow = 0;
        _stayCount = 0;
    }

    private static long OverlapTicks(WindowStay stay, FootfallWindow window)
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
}
