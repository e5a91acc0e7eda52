using System.Buffers.Text;
using System.Text;

namespace Edge.LoadHarness;

/// <summary>
/// One simulated OpenMQTTGateway BLE scanner: publishes on <c>home/&lt;scanner&gt;/BTtoMQTT/&lt;MAC without colons&gt;</c>
/// the JSON OpenMQTTGateway sends for each advertisement it hears (<c>id</c>, <c>mac_type</c>, <c>adv_type</c>,
/// <c>manufacturerdata</c>, <c>rssi</c>; for an iBeacon also the decoded <c>uuid</c>/<c>major</c>/<c>minor</c>/<c>txpower</c>).
/// Every scanner hears its own neighbourhood of the store's phones (each phone is heard by about three scanners, as in a
/// store with overlapping radio ranges), every 25th advertisement is one of the store's own iBeacons and every 50th a
/// visitor's iBeacon app. RSSI runs from -50 to -85 dBm, inside the gateway's default filters.
/// </summary>
internal sealed class SightingSource : IMessageSource
{
    /// <summary>The store beacons every scanner hears, configured on the gateway as <c>Footfall:StoreBeacons</c>.</summary>
    public static readonly (string Name, Guid Uuid, int Major, int Minor)[] StoreBeacons =
    [
        ("door-left", new Guid("f7826da6-4fa2-4e98-8024-bc5b71e0893e"), 10, 1),
        ("door-right", new Guid("f7826da6-4fa2-4e98-8024-bc5b71e0893e"), 10, 2),
        ("bakery", new Guid("f7826da6-4fa2-4e98-8024-bc5b71e0893e"), 20, 1),
        ("checkout", new Guid("f7826da6-4fa2-4e98-8024-bc5b71e0893e"), 30, 1),
    ];

    private static readonly byte[] s_visitorBeaconUuid = Convert.FromHexString("2f234454cf6d4a0fadf2f4911ba9ffa6");

    private readonly byte[] _topicPrefix;
    private readonly int _devices;
    private readonly int _neighbourhoodStart;
    private readonly int _neighbourhood;
    private long _phoneSightings;

    public SightingSource(int scanner, int scanners, int devices)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        _topicPrefix = Encoding.UTF8.GetBytes($"home/{ScannerId(scanner)}/BTtoMQTT/");
        _devices = devices;
        _neighbourhood = Math.Clamp(3 * devices / Math.Max(1, scanners), 1, devices);
        _neighbourhoodStart = (int)((long)scanner * devices / Math.Max(1, scanners));
    }

    public static string ScannerId(int index) => $"omg-{index:D3}";

    public int Write(long sequence, Span<byte> topic, out int topicLength, Span<byte> payload)
    {
        Span<byte> mac = stackalloc byte[6];
        var rssi = -50 - (int)(sequence % 36);
        var offset = 0;
        if (sequence % 25 == 0)
        {
            var beacon = (int)(sequence / 25 % StoreBeacons.Length);
            Mac(mac, 0xC0, 0x5B00 + beacon);
            offset = Start(payload, mac, macType: 0);
            offset = IBeacon(payload, offset, StoreBeacons[beacon].Uuid.ToByteArray(bigEndian: true), StoreBeacons[beacon].Major, StoreBeacons[beacon].Minor);
        }
        else if (sequence % 50 == 1)
        {
            var visitor = (int)(sequence / 50 % 64);
            Mac(mac, 0x5A, 0xB000 + visitor);
            offset = Start(payload, mac, macType: 1);
            offset = IBeacon(payload, offset, s_visitorBeaconUuid, 1, visitor);
        }
        else
        {
            // A phone of the neighbourhood (a random static address); Apple "nearby info" or Microsoft CDP advertisements.
            // Phones are counted apart from the beacons' turns, so every phone of the neighbourhood is heard in turn.
            var device = (_neighbourhoodStart + (int)((_phoneSightings++ * 7919) % _neighbourhood)) % _devices;
            Mac(mac, 0x4A, device);
            offset = Start(payload, mac, macType: 1);
            offset = Append(payload, offset, ",\"manufacturerdata\":\""u8);
            offset = Append(payload, offset, device % 3 == 0 ? "060001092002"u8 : "4c001005031c"u8);
            offset = Hex(payload, offset, [(byte)(device >> 16), (byte)(device >> 8), (byte)device]);
            offset = Append(payload, offset, "\""u8);
        }

        offset = Append(payload, offset, ",\"rssi\":"u8);
        Utf8Formatter.TryFormat(rssi, payload[offset..], out var written);
        offset += written;
        offset = Append(payload, offset, "}"u8);

        _topicPrefix.CopyTo(topic);
        topicLength = Hex(topic, _topicPrefix.Length, mac, upper: true);
        return offset;
    }

    private static void Mac(Span<byte> mac, byte first, int device)
    {
        // Spread consecutive devices over the address space as real random addresses are.
        var mixed = (uint)device * 2654435761u;
        mac[0] = first;
        mac[1] = (byte)(device >> 16);
        mac[2] = (byte)(device >> 8);
        mac[3] = (byte)device;
        mac[4] = (byte)(mixed >> 24);
        mac[5] = (byte)(mixed >> 16);
    }

    private static int Start(Span<byte> payload, ReadOnlySpan<byte> mac, int macType)
    {
        var offset = Append(payload, 0, "{\"id\":\""u8);
        for (var i = 0; i < mac.Length; i++)
        {
            if (i > 0)
            {
                offset = Append(payload, offset, ":"u8);
            }

            offset = Hex(payload, offset, mac.Slice(i, 1), upper: true);
        }

        offset = Append(payload, offset, macType == 0 ? "\",\"mac_type\":0,\"adv_type\":3"u8 : "\",\"mac_type\":1,\"adv_type\":0"u8);
        return offset;
    }

    private static int IBeacon(Span<byte> payload, int offset, ReadOnlySpan<byte> uuid, int major, int minor)
    {
        // Apple company id, iBeacon type 0x02 length 0x15, UUID, major, minor, measured power -59 dBm (0xC5).
        offset = Append(payload, offset, ",\"manufacturerdata\":\"4c000215"u8);
        offset = Hex(payload, offset, uuid);
        offset = Hex(payload, offset, [(byte)(major >> 8), (byte)major, (byte)(minor >> 8), (byte)minor, 0xC5]);
        offset = Append(payload, offset, "\",\"brand\":\"GENERIC\",\"model\":\"iBeacon\",\"model_id\":\"IBEACON\",\"mfid\":\"4c00\",\"uuid\":\""u8);
        offset = Hex(payload, offset, uuid);
        offset = Append(payload, offset, "\",\"major\":"u8);
        Utf8Formatter.TryFormat(major, payload[offset..], out var written);
        offset += written;
        offset = Append(payload, offset, ",\"minor\":"u8);
        Utf8Formatter.TryFormat(minor, payload[offset..], out written);
        offset += written;
        return Append(payload, offset, ",\"txpower\":-59"u8);
    }

    private static int Hex(Span<byte> destination, int offset, ReadOnlySpan<byte> bytes, bool upper = false)
    {
        // OpenMQTTGateway writes addresses in upper case and advertisement data in lower case.
        var digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        foreach (var b in bytes)
        {
            destination[offset++] = (byte)digits[b >> 4];
            destination[offset++] = (byte)digits[b & 0xF];
        }

        return offset;
    }

    private static int Append(Span<byte> destination, int offset, ReadOnlySpan<byte> value)
    {
        value.CopyTo(destination[offset..]);
        return offset + value.Length;
    }
}
