namespace Edge.Beacons.Zones;

/// <summary>
/// The fixed part of one address pseudonym's state in <see cref="DeviceTable"/>: 56 bytes, stored by value
/// in a chunked array (the address itself is the table's key; the per-zone signal is a second chunked array). Read
/// and written through <see cref="DeviceTrack"/>, which speaks <see cref="DateTimeOffset"/>.
/// </summary>
/// <remarks>
/// Instants are milliseconds from the table's base instant (an int holds 24 days either way; the table moves its base
/// when an instant falls 12 days away, and the daily key rotation empties it anyway). <see cref="DeviceTrack.Never"/>
/// marks "never". Zone indexes fit a signed byte because the validator allows at most 64 zones.
/// </remarks>
internal struct TrackState
{
    public ulong VisitorHigh;
    public ulong VisitorLow;
    public ulong ZonesCounted;
    public int FirstSeen;
    public int LastSeen;
    public int ZoneEntered;
    public int CandidateSince;
    public int LastReported;
    public int DeviceClass;
    public int Sightings;
    public sbyte Zone;
    public sbyte Candidate;
    public bool Confirmed;
}
