using Edge.Gateway.Privacy;

namespace Edge.Gateway.Beacons.Zones;

/// <summary>
/// In-memory state of one address pseudonym while it is around: smoothed RSSI per zone, current zone, and the visitor
/// handle its visits are reported under (its own pseudonym, or the one it continues after an address rotation).
/// Discarded as soon as the visit closes.
/// </summary>
/// <remarks>
/// Kept small because there is one per phone in the store: instants are stored as UTC ticks (8 bytes, not a 16-byte
/// <see cref="DateTimeOffset"/>; every instant here comes from the UTC clock) and the per-zone signal is one array of
/// (smoothed RSSI, milliseconds since first seen) pairs of 8 bytes. The properties still speak <see cref="DateTimeOffset"/>.
/// </remarks>
internal sealed class DeviceTrack
{
    private readonly ZoneSignal[] _signals;
    private readonly long _firstSeenTicks;
    private long _lastSeenTicks;
    private long _zoneEnteredTicks;
    private long _candidateSinceTicks;
    private long _lastReportedTicks;

    public DeviceTrack(Pseudonym address, int zoneCount, DateTimeOffset firstSeen, int deviceClass)
    {
        Address = address;
        Visitor = address;
        _signals = new ZoneSignal[zoneCount];
        for (var z = 0; z < zoneCount; z++)
        {
            _signals[z].AtMilliseconds = ZoneSignal.Never;
        }

        _firstSeenTicks = firstSeen.UtcTicks;
        _lastSeenTicks = firstSeen.UtcTicks;
        DeviceClass = deviceClass;
    }

    public Pseudonym Address { get; }

    public Pseudonym Visitor { get; set; }

    public int DeviceClass { get; set; }

    public DateTimeOffset FirstSeen => Utc(_firstSeenTicks);

    public DateTimeOffset LastSeen
    {
        get => Utc(_lastSeenTicks);
        set => _lastSeenTicks = value.UtcTicks;
    }

    public int Sightings { get; set; }

    public int Zone { get; set; } = -1;

    public DateTimeOffset ZoneEntered
    {
        get => Utc(_zoneEnteredTicks);
        set => _zoneEnteredTicks = value.UtcTicks;
    }

    /// <summary>A zone that has been beating the current one since <see cref="CandidateSince"/>, or -1.</summary>
    public int Candidate { get; set; } = -1;

    public DateTimeOffset CandidateSince
    {
        get => Utc(_candidateSinceTicks);
        set => _candidateSinceTicks = value.UtcTicks;
    }

    public DateTimeOffset LastReported
    {
        get => Utc(_lastReportedTicks);
        set => _lastReportedTicks = value.UtcTicks;
    }

    /// <summary>False while the address is provisional: not yet a visitor, nothing reported.</summary>
    public bool Confirmed { get; set; }

    /// <summary>Zones in which this address was already counted as a distinct address (bit per zone index).</summary>
    public ulong ZonesCounted { get; set; }

    /// <summary>Smoothed RSSI of the zone (dBm).</summary>
    public double Smoothed(int zone) => _signals[zone].Smoothed;

    /// <summary>
    /// Exponential smoothing with a time constant rather than a fixed alpha, because sightings arrive irregularly:
    /// alpha = 1 - exp(-dt / tau). A zone not heard for two time constants starts afresh.
    /// </summary>
    public void UpdateSignal(int zone, int rssi, DateTimeOffset at, TimeSpan timeConstant)
    {
        ref var signal = ref _signals[zone];
        var atMilliseconds = MillisecondsSinceFirstSeen(at);
        var previous = signal.AtMilliseconds;
        var heard = signal.AtMilliseconds != ZoneSignal.Never;
        if (!heard || atMilliseconds - (long)previous > 2 * (long)timeConstant.TotalMilliseconds)
        {
            signal.Smoothed = rssi;
        }
        else
        {
            var dt = Math.Max(0, (atMilliseconds - previous) / 1000.0);
            var alpha = 1 - Math.Exp(-dt / timeConstant.TotalSeconds);
            signal.Smoothed += (float)(alpha * (rssi - signal.Smoothed));
        }

        if (!heard || atMilliseconds > previous)
        {
            signal.AtMilliseconds = atMilliseconds;
        }
    }

    public bool IsFresh(int zone, DateTimeOffset now, TimeSpan timeConstant)
    {
        var at = _signals[zone].AtMilliseconds;
        return at != ZoneSignal.Never && MillisecondsSinceFirstSeen(now) - (long)at <= 2 * (long)timeConstant.TotalMilliseconds;
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>
    /// Milliseconds from the first sighting, clamped to what an int holds (24 days either way: a track lives for a
    /// visit, and the daily key rotation closes every track).
    /// </summary>
    private int MillisecondsSinceFirstSeen(DateTimeOffset at) =>
        (int)Math.Clamp((at.UtcTicks - _firstSeenTicks) / TimeSpan.TicksPerMillisecond, int.MinValue + 1, int.MaxValue);

    /// <summary>Smoothed RSSI of one zone and when it was last heard: 8 bytes (float is ample for dBm averages).</summary>
    private struct ZoneSignal
    {
        public const int Never = int.MinValue;

        public float Smoothed;
        public int AtMilliseconds;
    }
}
