using Edge.Gateway.Privacy;

namespace Edge.Gateway.Beacons.Zones;

/// <summary>
/// In-memory state of one address pseudonym while it is around: smoothed RSSI per zone, current zone, and the visitor
/// handle its visits are reported under (its own pseudonym, or the one it continues after an address rotation).
/// Discarded as soon as the visit closes.
/// </summary>
internal sealed class DeviceTrack
{
    public DeviceTrack(Pseudonym address, int zoneCount, DateTimeOffset firstSeen, int deviceClass)
    {
        Address = address;
        Visitor = address;
        Smoothed = new double[zoneCount];
        SignalAt = new DateTimeOffset[zoneCount];
        FirstSeen = firstSeen;
        LastSeen = firstSeen;
        DeviceClass = deviceClass;
    }

    public Pseudonym Address { get; }

    public Pseudonym Visitor { get; set; }

    public int DeviceClass { get; set; }

    public double[] Smoothed { get; }

    public DateTimeOffset[] SignalAt { get; }

    public DateTimeOffset FirstSeen { get; }

    public DateTimeOffset LastSeen { get; set; }

    public int Sightings { get; set; }

    public int Zone { get; set; } = -1;

    public DateTimeOffset ZoneEntered { get; set; }

    /// <summary>A zone that has been beating the current one since <see cref="CandidateSince"/>, or -1.</summary>
    public int Candidate { get; set; } = -1;

    public DateTimeOffset CandidateSince { get; set; }

    public DateTimeOffset LastReported { get; set; }

    /// <summary>False while the address is provisional: not yet a visitor, nothing reported.</summary>
    public bool Confirmed { get; set; }

    /// <summary>Zones in which this address was already counted as a distinct address (bit per zone index).</summary>
    public ulong ZonesCounted { get; set; }

    /// <summary>
    /// Exponential smoothing with a time constant rather than a fixed alpha, because sightings arrive irregularly:
    /// alpha = 1 - exp(-dt / tau). A zone not heard for two time constants starts afresh.
    /// </summary>
    public void UpdateSignal(int zone, int rssi, DateTimeOffset at, TimeSpan timeConstant)
    {
        var previous = SignalAt[zone];
        if (previous == default || at - previous > 2 * timeConstant)
        {
            Smoothed[zone] = rssi;
        }
        else
        {
            var dt = Math.Max(0, (at - previous).TotalSeconds);
            var alpha = 1 - Math.Exp(-dt / timeConstant.TotalSeconds);
            Smoothed[zone] += alpha * (rssi - Smoothed[zone]);
        }

        if (at > previous)
        {
            SignalAt[zone] = at;
        }
    }

    public bool IsFresh(int zone, DateTimeOffset now, TimeSpan timeConstant) =>
        SignalAt[zone] != default && now - SignalAt[zone] <= 2 * timeConstant;
}
