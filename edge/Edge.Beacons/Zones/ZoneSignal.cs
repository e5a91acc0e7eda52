namespace Edge.Beacons.Zones;

/// <summary>Smoothed RSSI of one zone and when it was last heard: 8 bytes (float is ample for dBm averages).</summary>
internal struct ZoneSignal
{
    public float Smoothed;

    /// <summary>Milliseconds from the table's base instant, or <see cref="DeviceTrack.Never"/>.</summary>
    public int AtMilliseconds;
}
