namespace Edge.TestKit;

/// <summary>Test vectors assembled field by field from the specifications' byte layouts.</summary>
public static class Frames
{
    public const string Uuid = "2f234454-cf6d-4a0f-adf2-f4911ba9ffa6";

    public static byte[] UuidBytes => Guid.Parse(Uuid).ToByteArray(bigEndian: true);

    public static readonly byte[] Flags = [0x02, 0x01, 0x06];

    /// <summary>Apple manufacturer data: 4C 00, type 02, length 15, UUID, major, minor (big-endian), measured power.</summary>
    public static byte[] IBeaconManufacturerData(ushort major = 1, ushort minor = 2, sbyte power = -59) =>
        [0x4C, 0x00, 0x02, 0x15, .. UuidBytes, (byte)(major >> 8), (byte)major, (byte)(minor >> 8), (byte)minor, unchecked((byte)power)];

    /// <summary>AltBeacon manufacturer data: company id, BE AC, 20-byte id, reference RSSI, reserved.</summary>
    public static byte[] AltBeaconManufacturerData(ushort company = 0x0118, ushort id2 = 1, ushort id3 = 2, sbyte reference = -59, byte reserved = 0x00) =>
        [(byte)company, (byte)(company >> 8), 0xBE, 0xAC, .. UuidBytes, (byte)(id2 >> 8), (byte)id2, (byte)(id3 >> 8), (byte)id3, unchecked((byte)reference), reserved];

    public static byte[] Ad(byte type, params byte[] data) => [(byte)(data.Length + 1), type, .. data];

    public static byte[] Advertisement(params byte[][] structures) => [.. structures.SelectMany(s => s)];

    /// <summary>Flags, complete list of 16-bit UUIDs (FEAA), and service data FEAA + frame.</summary>
    public static byte[] Eddystone(byte[] frame, ushort serviceUuid = 0xFEAA) =>
        Advertisement(
            Flags,
            Ad(0x03, (byte)serviceUuid, (byte)(serviceUuid >> 8)),
            Ad(0x16, [(byte)serviceUuid, (byte)(serviceUuid >> 8), .. frame]));

    public static readonly byte[] Namespace = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09];

    public static readonly byte[] Instance = [0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF];

    public static byte[] EddystoneUidFrame(sbyte txPower = -20, bool withReserved = true) =>
        withReserved
            ? [0x00, unchecked((byte)txPower), .. Namespace, .. Instance, 0x00, 0x00]
            : [0x00, unchecked((byte)txPower), .. Namespace, .. Instance];

    public static byte[] EddystoneUrlFrame(byte scheme, byte[] encoded, sbyte txPower = -20) =>
        [0x10, unchecked((byte)txPower), scheme, .. encoded];

    public static byte[] EddystoneTlmFrame(ushort battery, short temperature, uint advertisements, uint deciseconds) =>
    [
        0x20, 0x00, (byte)(battery >> 8), (byte)battery, (byte)(temperature >> 8), (byte)temperature,
        (byte)(advertisements >> 24), (byte)(advertisements >> 16), (byte)(advertisements >> 8), (byte)advertisements,
        (byte)(deciseconds >> 24), (byte)(deciseconds >> 16), (byte)(deciseconds >> 8), (byte)deciseconds,
    ];

    public static byte[] EddystoneEidFrame(sbyte txPower = -20) => [0x30, unchecked((byte)txPower), 1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>HCI LE Advertising Report event: [04] 3E len 02 num, then per report type, addr type, addr (LE), len, data, RSSI.</summary>
    public static byte[] HciEvent(byte[] address, sbyte rssi, byte[] data, bool indicator = true, byte eventType = 0x00, byte addressType = 0x01)
    {
        byte[] parameters = [0x02, 0x01, eventType, addressType, .. address.Reverse(), (byte)data.Length, .. data, unchecked((byte)rssi)];
        byte[] packet = [0x3E, (byte)parameters.Length, .. parameters];
        return indicator ? [0x04, .. packet] : packet;
    }

    public static readonly byte[] Mac = [0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF];
}
