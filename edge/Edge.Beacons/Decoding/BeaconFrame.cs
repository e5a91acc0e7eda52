namespace Edge.Beacons.Decoding;

/// <summary>
/// A decoded advertisement. A <c>ref struct</c> on purpose: its identifier spans point into the caller's buffer, so it
/// can neither be stored in a field, boxed, captured by a lambda nor survive an <c>await</c>; whatever keeps a device
/// beyond the decoding call has to go through the pseudonymizer first.
/// </summary>
internal ref struct BeaconFrame
{
    public BeaconFrame()
    {
    }

    public BeaconFormat Format { get; set; }

    /// <summary>Company identifier of the manufacturer data, or -1 when the frame had none.</summary>
    public int CompanyId { get; set; } = -1;

    /// <summary>iBeacon proximity UUID, AltBeacon id1, Eddystone namespace (10 bytes) or Eddystone EID (8 bytes).</summary>
    public ReadOnlySpan<byte> PrimaryId { get; set; }

    /// <summary>Eddystone-UID instance (6 bytes).</summary>
    public ReadOnlySpan<byte> SecondaryId { get; set; }

    /// <summary>iBeacon major, or AltBeacon id2.</summary>
    public ushort Major { get; set; }

    /// <summary>iBeacon minor, or AltBeacon id3.</summary>
    public ushort Minor { get; set; }

    /// <summary>iBeacon measured power at 1 m, AltBeacon reference RSSI at 1 m, or Eddystone Tx power at 0 m, in dBm.</summary>
    public sbyte Power { get; set; }

    /// <summary>AltBeacon's manufacturer-reserved byte.</summary>
    public byte ManufacturerReserved { get; set; }

    /// <summary>Eddystone-URL scheme prefix byte followed by the encoded URL.</summary>
    public ReadOnlySpan<byte> EncodedUrl { get; set; }

    public byte TlmVersion { get; set; }

    /// <summary>TLM battery voltage, 1 mV per bit; 0 when the beacon does not measure it.</summary>
    public ushort BatteryMillivolts { get; set; }

    /// <summary>TLM beacon temperature, signed 8.8 fixed point; 0x8000 when not supported.</summary>
    public short TemperatureFixedPoint { get; set; }

    public uint AdvertisementCount { get; set; }

    /// <summary>TLM time since power-on, 0.1 s per bit.</summary>
    public uint UptimeDeciseconds { get; set; }

    /// <summary>The whole advertising data the frame came from (empty for the manufacturer-data layer).</summary>
    public ReadOnlySpan<byte> AdvertisingData { get; set; }

    public readonly bool IsEncryptedTelemetry => Format == BeaconFormat.EddystoneTlm && TlmVersion == EddystoneDecoder.EncryptedTlmVersion;

    public readonly double? TemperatureCelsius =>
        TemperatureFixedPoint == short.MinValue ? null : TemperatureFixedPoint / 256.0;

    public readonly double UptimeSeconds => UptimeDeciseconds / 10.0;

    /// <summary>True for formats whose identifiers name one beacon (the ones a store can allow-list or a phone can carry).</summary>
    public readonly bool HasBeaconIdentity =>
        Format is BeaconFormat.IBeacon or BeaconFormat.AltBeacon or BeaconFormat.EddystoneUid;
}
