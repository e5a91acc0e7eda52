using Edge.Beacons.Decoding;

namespace Edge.Beacons.Inputs;

/// <summary>
/// What an input adapter heard, raw identifiers included. A <c>ref struct</c>: it lives on the adapter's stack for
/// the duration of one call to <see cref="SightingGate.Accept"/>, which replaces every identifier by a pseudonym.
/// Nothing can store it, queue it, log it by accident or carry it across an <c>await</c>.
/// </summary>
internal ref struct RawObservation
{
    public RawObservation()
    {
    }

    /// <summary>Index of the scanner in <see cref="ScannerRegistry"/>.</summary>
    public int ScannerIndex { get; set; } = -1;

    public DateTimeOffset Timestamp { get; set; }

    public int Rssi { get; set; }

    /// <summary>Distance the scanner itself estimated (ESPresense), if any.</summary>
    public double? DistanceMeters { get; set; }

    /// <summary>RSSI at 1 m announced by the scanner or the advertisement (measured power), if any.</summary>
    public int? ReferenceRssi { get; set; }

    /// <summary>The device address, most significant byte first (raw identifier).</summary>
    public ReadOnlySpan<byte> Address { get; set; }

    /// <summary>A scanner-side device id when there is no address (raw identifier).</summary>
    public ReadOnlySpan<byte> DeviceId { get; set; }

    public BeaconFrame Frame { get; set; }

    public bool HasFrame { get; set; }
}
