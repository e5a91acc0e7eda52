using Edge.Privacy;

namespace Edge.Beacons.Zones;

/// <summary>
/// A view of one address pseudonym's state while it is around: smoothed RSSI per zone, current zone, and the visitor
/// handle its visits are reported under (its own pseudonym, or the one it continues after an address rotation).
/// The state lives by value in <see cref="DeviceTable"/> (<see cref="TrackState"/> and one
/// <see cref="ZoneSignal"/> per zone); this <c>ref struct</c> only points at it for the duration of a call and speaks
/// <see cref="DateTimeOffset"/>, while the table stores milliseconds from its base instant.
/// </summary>
internal readonly ref struct DeviceTrack
{
    /// <summary>An instant that never happened (a zone not heard yet, no visit reported yet).</summary>
    public const int Never = int.MinValue;

    private readonly ref TrackState _state;
    private readonly Span<ZoneSignal> _signals;
    private readonly long _baseTicks;
    private readonly int _epoch;

    /// <summary>A track with its own storage, based at <paramref name="firstSeen"/> (one device on its own).</summary>
    public DeviceTrack(Pseudonym address, int zoneCount, DateTimeOffset firstSeen, int deviceClass)
        : this(ref (new TrackState[1])[0], new ZoneSignal[zoneCount], firstSeen.UtcTicks, address.Epoch)
    {
        Initialize(address, firstSeen, deviceClass);
    }

    public DeviceTrack(ref TrackState state, Span<ZoneSignal> signals, long baseTicks, int epoch)
    {
        _state = ref state;
        _signals = signals;
        _baseTicks = baseTicks;
        _epoch = epoch;
    }

    public Pseudonym Visitor
    {
        get => new(_state.VisitorHigh, _state.VisitorLow, _epoch);
        set
        {
            _state.VisitorHigh = value.Fingerprint;
            _state.VisitorLow = value.LowBits;
        }
    }

    public int DeviceClass
    {
        get => _state.DeviceClass;
        set => _state.DeviceClass = value;
    }

    public DateTimeOffset FirstSeen => Instant(_state.FirstSeen);

    public DateTimeOffset LastSeen
    {
        get => Instant(_state.LastSeen);
        set => _state.LastSeen = Milliseconds(value);
    }

    public int Sightings
    {
        get => _state.Sightings;
        set => _state.Sightings = value;
    }

    public int Zone
    {
        get => _state.Zone;
        set => _state.Zone = (sbyte)value;
    }

    public DateTimeOffset ZoneEntered
    {
        get => Instant(_state.ZoneEntered);
        set => _state.ZoneEntered = Milliseconds(value);
    }

    /// <summary>A zone that has been beating the current one since <see cref="CandidateSince"/>, or -1.</summary>
    public int Candidate
    {
        get => _state.Candidate;
        set => _state.Candidate = (sbyte)value;
    }

    public DateTimeOffset CandidateSince
    {
        get => Instant(_state.CandidateSince);
        set => _state.CandidateSince = Milliseconds(value);
    }

    /// <summary>When the visit was last reported open; <c>default</c> before the first report.</summary>
    public DateTimeOffset LastReported
    {
        get => Instant(_state.LastReported);
        set => _state.LastReported = Milliseconds(value);
    }

    /// <summary>False while the address is provisional: not yet a visitor, nothing reported.</summary>
    public bool Confirmed
    {
        get => _state.Confirmed;
        set => _state.Confirmed = value;
    }

    /// <summary>Zones in which this address was already counted as a distinct address (bit per zone index).</summary>
    public ulong ZonesCounted
    {
        get => _state.ZonesCounted;
        set => _state.ZonesCounted = value;
    }

    /// <summary>Smoothed RSSI of the zone (dBm).</summary>
    public double Smoothed(int zone) => _signals[zone].Smoothed;

    /// <summary>Fills fresh state for a newly seen address (storage may hold a removed device's values).</summary>
    public void Initialize(Pseudonym address, DateTimeOffset firstSeen, int deviceClass)
    {
        var at = Milliseconds(firstSeen);
        _state = new TrackState
        {
            VisitorHigh = address.Fingerprint,
            VisitorLow = address.LowBits,
            FirstSeen = at,
            LastSeen = at,
            LastReported = Never,
            DeviceClass = deviceClass,
            Zone = -1,
            Candidate = -1,
        };
        foreach (ref var signal in _signals)
        {
            signal = new ZoneSignal { AtMilliseconds = Never };
        }
    }

    /// <summary>
    /// Exponential smoothing with a time constant rather than a fixed alpha, because sightings arrive irregularly:
    /// alpha = 1 - exp(-dt / tau). A zone not heard for two time constants starts afresh.
    /// </summary>
    public void UpdateSignal(int zone, int rssi, DateTimeOffset at, TimeSpan timeConstant)
    {
        ref var signal = ref _signals[zone];
        var atMilliseconds = Milliseconds(at);
        var previous = signal.AtMilliseconds;
        var heard = previous != Never;
        if (!heard || atMilliseconds - (long)previous > 2 * (long)timeConstant.TotalMilliseconds)
        {
            signal.Smoothed = rssi;
        }
        else
        {
            var dt = Math.Max(0, (atMilliseconds - (long)previous) / 1000.0);
            var alpha = 1 - Math.Exp(-dt / timeConstant.TotalSeconds);
            signal.Smoothed += (float)(alpha * (rssi - signal.Smoothed));
        }

        if (!heard || atMilliseconds > previous)
        {
            signal.AtMilliseconds = atMilliseconds;
        }
    }

    public bool IsFresh(int zone, DateTimeOffset now, TimeSpan timeConstant) =>
        IsFresh(zone, MillisecondsOf(now), 2 * (long)timeConstant.TotalMilliseconds);

    /// <summary>Heard within <paramref name="freshMilliseconds"/> of <paramref name="nowMilliseconds"/> (from <see cref="MillisecondsOf"/>).</summary>
    public bool IsFresh(int zone, long nowMilliseconds, long freshMilliseconds)
    {
        var at = _signals[zone].AtMilliseconds;
        return at != Never && nowMilliseconds - at <= freshMilliseconds;
    }

    /// <summary>An instant as the table counts it: milliseconds from its base, not clamped.</summary>
    public long MillisecondsOf(DateTimeOffset at) => MillisecondsSinceBase(at.UtcTicks, _baseTicks);

    /// <summary>Milliseconds from <paramref name="baseTicks"/> (rounded down), not clamped.</summary>
    public static long MillisecondsSinceBase(long utcTicks, long baseTicks)
    {
        var difference = utcTicks - baseTicks;
        var milliseconds = difference / TimeSpan.TicksPerMillisecond;
        return difference < 0 && difference % TimeSpan.TicksPerMillisecond != 0 ? milliseconds - 1 : milliseconds;
    }

    /// <summary>Clamped to what an int holds without <see cref="Never"/> (the table keeps its base within 12 days).</summary>
    public static int Clamp(long milliseconds) => (int)Math.Clamp(milliseconds, int.MinValue + 1, int.MaxValue);

    private int Milliseconds(DateTimeOffset at) => Clamp(MillisecondsSinceBase(at.UtcTicks, _baseTicks));

    private DateTimeOffset Instant(int milliseconds) =>
        milliseconds == Never ? default : new(_baseTicks + (milliseconds * TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
