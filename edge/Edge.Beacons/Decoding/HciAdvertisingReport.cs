namespace Edge.Beacons.Decoding;

/// <summary>
/// One report of an HCI LE Advertising Report (legacy or extended) event. The address is kept in the on-air
/// little-endian byte order; it is a raw identifier and never leaves the input adapter.
/// </summary>
internal readonly ref struct HciAdvertisingReport(
    int eventType, byte addressType, ReadOnlySpan<byte> address, sbyte? rssi, ReadOnlySpan<byte> data)
{
    /// <summary>Legacy: 0 ADV_IND, 1 ADV_DIRECT_IND, 2 ADV_SCAN_IND, 3 ADV_NONCONN_IND, 4 SCAN_RSP; extended: the 16-bit properties.</summary>
    public int EventType { get; } = eventType;

    /// <summary>0 public, 1 random, 2 public identity, 3 random static identity.</summary>
    public byte AddressType { get; } = addressType;

    public ReadOnlySpan<byte> Address { get; } = address;

    /// <summary>Received signal strength in dBm, or null when the controller reported 127 (not available).</summary>
    public sbyte? Rssi { get; } = rssi;

    public ReadOnlySpan<byte> Data { get; } = data;
}
