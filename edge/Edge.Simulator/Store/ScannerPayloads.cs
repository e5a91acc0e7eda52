using System.Text.Json;

namespace Edge.Simulator.Store;

/// <summary>The JSON the two scanner firmwares publish, written field by field as they document them.</summary>
public static class ScannerPayloads
{
    public static string OpenMqttGatewayTopic(string gateway, byte[] address) =>
        $"home/{gateway}/BTtoMQTT/{Convert.ToHexString(address)}";

    public static string EspresenseTopic(string deviceId, string room) => $"espresense/devices/{deviceId}/{room}";

    public static string Colons(byte[] address) => string.Join(':', address.Select(b => b.ToString("X2", null)));

    /// <summary>OpenMQTTGateway BTtoMQTT message for a phone or an iBeacon (decoded fields when <paramref name="beacon"/> is an iBeacon).</summary>
    public static byte[] OpenMqttGateway(byte[] address, int rssi, byte[]? manufacturerData, StoreBeacon? beacon = null, byte[]? eddystoneFrame = null)
    {
        return Write(writer =>
        {
            writer.WriteString("id", Colons(address));
            writer.WriteNumber("mac_type", 1);
            writer.WriteNumber("rssi", rssi);
            if (manufacturerData is not null)
            {
                writer.WriteString("manufacturerdata", Convert.ToHexStringLower(manufacturerData));
            }

            if (beacon?.Uuid is { } uuid)
            {
                writer.WriteString("model", "iBeacon");
                writer.WriteString("uuid", uuid.ToString("D"));
                writer.WriteNumber("major", beacon.Major);
                writer.WriteNumber("minor", beacon.Minor);
                writer.WriteNumber("txpower", -59);
            }

            if (eddystoneFrame is not null)
            {
                writer.WriteString("servicedatauuid", "0xfeaa");
                writer.WriteString("servicedata", Convert.ToHexStringLower(eddystoneFrame));
            }
        });
    }

    /// <summary>ESPresense device message: id (fingerprint or iBeacon id), mac, rssi@1m, rssi, raw and smoothed distance.</summary>
    public static byte[] Espresense(string id, byte[] address, int rssi, int rssiAtOneMeter, double distance, string? name = null)
    {
        return Write(writer =>
        {
            writer.WriteString("id", id);
            if (name is not null)
            {
                writer.WriteString("name", name);
            }

            writer.WriteNumber("rssi@1m", rssiAtOneMeter);
            writer.WriteNumber("rssi", rssi);
            writer.WriteNumber("raw", Math.Round(distance, 2));
            writer.WriteNumber("distance", Math.Round(distance, 2));
            writer.WriteNumber("speed", 0.0);
            writer.WriteString("mac", Convert.ToHexStringLower(address));
            writer.WriteNumber("interval", 1000);
        });
    }

    /// <summary>iBeacon manufacturer data: 4C 00 02 15, UUID, major, minor (big-endian), measured power.</summary>
    public static byte[] IBeaconManufacturerData(StoreBeacon beacon)
    {
        ArgumentNullException.ThrowIfNull(beacon);
        var uuid = beacon.Uuid!.Value.ToByteArray(bigEndian: true);
        return [0x4C, 0x00, 0x02, 0x15, .. uuid, (byte)(beacon.Major >> 8), (byte)beacon.Major, (byte)(beacon.Minor >> 8), (byte)beacon.Minor, unchecked((byte)-59)];
    }

    /// <summary>Eddystone-UID frame: 00, Tx power at 0 m, namespace, instance, two reserved zero bytes.</summary>
    public static byte[] EddystoneUid(StoreBeacon beacon)
    {
        ArgumentNullException.ThrowIfNull(beacon);
        return [0x00, unchecked((byte)-18), .. beacon.Namespace!, .. beacon.Instance!, 0x00, 0x00];
    }

    /// <summary>Eddystone-TLM frame (version 0): battery mV, temperature 8.8, advertisement count, tenths of seconds since boot.</summary>
    public static byte[] EddystoneTlm(int batteryMillivolts, double temperatureCelsius, uint advertisements, uint deciseconds)
    {
        var temperature = (short)Math.Round(temperatureCelsius * 256);
        return
        [
            0x20, 0x00, (byte)(batteryMillivolts >> 8), (byte)batteryMillivolts, (byte)(temperature >> 8), (byte)temperature,
            (byte)(advertisements >> 24), (byte)(advertisements >> 16), (byte)(advertisements >> 8), (byte)advertisements,
            (byte)(deciseconds >> 24), (byte)(deciseconds >> 16), (byte)(deciseconds >> 8), (byte)deciseconds,
        ];
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
