using System.Security.Cryptography;
using System.Text.Json;
using Edge.Beacons.Decoding;

namespace Edge.Beacons.Inputs;

/// <summary>
/// OpenMQTTGateway BLE messages: topic <c>home/&lt;gateway&gt;/BTtoMQTT/&lt;MAC without colons&gt;</c>, JSON with
/// <c>id</c> (the MAC), <c>rssi</c>, <c>txpower</c>, <c>manufacturerdata</c> (hex, company id first),
/// <c>servicedata</c> + <c>servicedatauuid</c>, and the decoded iBeacon <c>uuid</c>/<c>major</c>/<c>minor</c>.
/// Parsed with <see cref="Utf8JsonReader"/> into stack buffers that are zeroed before returning.
/// </summary>
internal static class OpenMqttGatewayAdapter
{
    private const int MaximumDataBytes = 255;

    /// <summary>Parses one message and hands it to the gate; false when it is not a usable sighting.</summary>
    public static bool Handle(ReadOnlySpan<char> topicAddress, int scannerIndex, ReadOnlySpan<byte> payload, DateTimeOffset now, SightingGate gate)
    {
        Span<byte> address = stackalloc byte[6];
        Span<byte> manufacturer = stackalloc byte[MaximumDataBytes];
        Span<byte> service = stackalloc byte[MaximumDataBytes];
        Span<byte> uuid = stackalloc byte[16];
        var fields = new Fields();
        try
        {
            if (!TryRead(payload, ref fields, address, manufacturer, service, uuid))
            {
                return false;
            }

            if (!fields.HasAddress)
            {
                fields.HasAddress = HexText.TryDecode(topicAddress, address, out var written) && written == 6;
            }

            if (fields.Rssi is not { } rssi || !fields.HasAddress)
            {
                return false;
            }

            var raw = new RawObservation
            {
                ScannerIndex = scannerIndex,
                Timestamp = now,
                Rssi = rssi,
                DistanceMeters = fields.Distance,
                ReferenceRssi = fields.TxPower,
                Address = address,
            };

            if (fields.ManufacturerBytes > 0 &&
                AdvertisementDecoder.DecodeManufacturerData(manufacturer[..fields.ManufacturerBytes], out var frame) == DecodeError.None &&
                frame.Format != BeaconFormat.Unknown)
            {
                raw.Frame = frame;
                raw.HasFrame = true;
            }
            else if (fields.ServiceBytes > 0 && fields.ServiceUuid == EddystoneDecoder.ServiceUuid)
            {
                if (AdvertisementDecoder.DecodeEddystone(service[..fields.ServiceBytes], out var eddystone) == DecodeError.None)
                {
                    raw.Frame = eddystone;
                    raw.HasFrame = true;
                }
                else
                {
                    gate.Counters.CountUndecodable();
                }
            }
            else if (fields.HasUuid && fields.Major is { } major && fields.Minor is { } minor)
            {
                raw.Frame = new BeaconFrame
                {
                    Format = BeaconFormat.IBeacon,
                    CompanyId = CompanyIds.Apple,
                    PrimaryId = uuid,
                    Major = major,
                    Minor = minor,
                    Power = (sbyte)Math.Clamp(fields.TxPower ?? 0, sbyte.MinValue, sbyte.MaxValue),
                };
                raw.HasFrame = true;
            }
            else if (fields.ManufacturerBytes > 0 &&
                AdvertisementDecoder.DecodeManufacturerData(manufacturer[..fields.ManufacturerBytes], out var unknown) == DecodeError.None)
            {
                // Not a beacon, but the company id still tells phones of different makers apart.
                raw.Frame = unknown;
                raw.HasFrame = true;
            }

            gate.Accept(raw);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(address);
            // Only what the hex decoder wrote can hold message bytes (the buffers start zeroed: SkipLocalsInit is off).
            CryptographicOperations.ZeroMemory(manufacturer[..fields.ManufacturerWritten]);
            CryptographicOperations.ZeroMemory(service[..fields.ServiceWritten]);
            CryptographicOperations.ZeroMemory(uuid);
        }
    }

    private static bool TryRead(
        ReadOnlySpan<byte> payload, ref Fields fields, Span<byte> address, Span<byte> manufacturer, Span<byte> service, Span<byte> uuid)
    {
        Span<byte> uuid16 = stackalloc byte[2];
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    fields.HasAddress = ReadHex(ref reader, address, out var written) && written == 6;
                }
                else if (reader.ValueTextEquals("rssi"u8))
                {
                    fields.Rssi = ReadInt(ref reader);
                }
                else if (reader.ValueTextEquals("txpower"u8))
                {
                    fields.TxPower = ReadInt(ref reader);
                }
                else if (reader.ValueTextEquals("distance"u8))
                {
                    fields.Distance = reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) ? d : null;
                }
                else if (reader.ValueTextEquals("manufacturerdata"u8))
                {
                    fields.ManufacturerBytes = ReadHex(ref reader, manufacturer, out var written) ? written : 0;
                    fields.ManufacturerWritten = Math.Max(fields.ManufacturerWritten, written);
                }
                else if (reader.ValueTextEquals("servicedata"u8))
                {
                    fields.ServiceBytes = ReadHex(ref reader, service, out var written) ? written : 0;
                    fields.ServiceWritten = Math.Max(fields.ServiceWritten, written);
                }
                else if (reader.ValueTextEquals("servicedatauuid"u8))
                {
                    fields.ServiceUuid = reader.Read() && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped &&
                        reader.ValueSpan.StartsWith("0x"u8) && HexText.TryDecode(reader.ValueSpan[2..], uuid16, out var written) && written == 2
                            ? (uuid16[0] << 8) | uuid16[1]
                            : -1;
                }
                else if (reader.ValueTextEquals("uuid"u8))
                {
                    fields.HasUuid = ReadHex(ref reader, uuid, out var written) && written == 16;
                }
                else if (reader.ValueTextEquals("major"u8))
                {
                    fields.Major = ReadInt(ref reader) is { } major and >= 0 and <= ushort.MaxValue ? (ushort)major : null;
                }
                else if (reader.ValueTextEquals("minor"u8))
                {
                    fields.Minor = ReadInt(ref reader) is { } minor and >= 0 and <= ushort.MaxValue ? (ushort)minor : null;
                }
                else if (!reader.TrySkip())
                {
                    return false;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int? ReadInt(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : null;

    private static bool ReadHex(ref Utf8JsonReader reader, Span<byte> destination, out int written)
    {
        written = 0;
        return reader.Read() && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped &&
            HexText.TryDecode(reader.ValueSpan, destination, out written);
    }

    private struct Fields
    {
        public bool HasAddress;
        public int? Rssi;
        public int? TxPower;
        public double? Distance;
        public int ManufacturerBytes;
        public int ServiceBytes;
        public int ManufacturerWritten;
        public int ServiceWritten;
        public int ServiceUuid;
        public bool HasUuid;
        public ushort? Major;
        public ushort? Minor;
    }
}
