using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Edge.Beacons.Decoding;

namespace Edge.Beacons.Inputs;

/// <summary>
/// ESPresense messages: topic <c>espresense/devices/&lt;id&gt;/&lt;room&gt;</c>, JSON with <c>id</c>, <c>mac</c>,
/// <c>rssi</c>, <c>rssi@1m</c>, <c>distance</c> and more. ESPresense ids of iBeacons read
/// <c>iBeacon:&lt;uuid&gt;-&lt;major&gt;-&lt;minor&gt;</c> and are decoded so that store beacons are recognized;
/// other ids are fingerprints shared by many devices, so the rotating <c>mac</c> is the identity when present.
/// </summary>
internal static class EspresenseAdapter
{
    private const int MaximumIdBytes = 127;

    public static bool Handle(int scannerIndex, ReadOnlySpan<byte> payload, DateTimeOffset now, SightingGate gate)
    {
        Span<byte> address = stackalloc byte[6];
        Span<byte> id = stackalloc byte[MaximumIdBytes];
        Span<byte> uuid = stackalloc byte[16];
        try
        {
            var hasAddress = false;
            var idLength = 0;
            int? rssi = null;
            int? referenceRssi = null;
            double? distance = null;
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
                        if (reader.Read() && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped &&
                            reader.ValueSpan.Length <= MaximumIdBytes)
                        {
                            reader.ValueSpan.CopyTo(id);
                            idLength = reader.ValueSpan.Length;
                        }
                    }
                    else if (reader.ValueTextEquals("mac"u8))
                    {
                        hasAddress = reader.Read() && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped &&
                            HexText.TryDecode(reader.ValueSpan, address, out var written) && written == 6;
                    }
                    else if (reader.ValueTextEquals("rssi"u8))
                    {
                        rssi = ReadInt(ref reader);
                    }
                    else if (reader.ValueTextEquals("rssi@1m"u8))
                    {
                        referenceRssi = ReadInt(ref reader);
                    }
                    else if (reader.ValueTextEquals("distance"u8))
                    {
                        distance = reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) ? d : null;
                    }
                    else if (!reader.TrySkip())
                    {
                        return false;
                    }
                }

                if (reader.TokenType != JsonTokenType.EndObject)
                {
                    return false;
                }
            }
            catch (JsonException)
            {
                return false;
            }

            if (rssi is not { } value || (idLength == 0 && !hasAddress))
            {
                return false;
            }

            var raw = new RawObservation
            {
                ScannerIndex = scannerIndex,
                Timestamp = now,
                Rssi = value,
                DistanceMeters = distance,
                ReferenceRssi = referenceRssi,
                Address = hasAddress ? address : ReadOnlySpan<byte>.Empty,
                DeviceId = id[..idLength],
            };
            if (TryParseIBeaconId(id[..idLength], uuid, out var major, out var minor))
            {
                raw.Frame = new BeaconFrame
                {
                    Format = BeaconFormat.IBeacon,
                    CompanyId = CompanyIds.Apple,
                    PrimaryId = uuid,
                    Major = major,
                    Minor = minor,
                };
                raw.HasFrame = true;
            }

            gate.Accept(raw);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(address);
            CryptographicOperations.ZeroMemory(id);
            CryptographicOperations.ZeroMemory(uuid);
        }
    }

    /// <summary>Parses <c>iBeacon:2f234454-cf6d-4a0f-adf2-f4911ba9ffa6-1-2</c>.</summary>
    internal static bool TryParseIBeaconId(ReadOnlySpan<byte> id, Span<byte> uuid, out ushort major, out ushort minor)
    {
        major = 0;
        minor = 0;
        const int UuidTextLength = 36;
        var prefix = "iBeacon:"u8;
        if (!id.StartsWith(prefix) || id.Length < prefix.Length + UuidTextLength + 4)
        {
            return false;
        }

        var rest = id[prefix.Length..];
        if (!HexText.TryDecode(rest[..UuidTextLength], uuid, out var written) || written != 16 || rest[UuidTextLength] != (byte)'-')
        {
            return false;
        }

        rest = rest[(UuidTextLength + 1)..];
        var dash = rest.IndexOf((byte)'-');
        return dash > 0 &&
            Utf8Parser.TryParse(rest[..dash], out major, out var consumedMajor) && consumedMajor == dash &&
            Utf8Parser.TryParse(rest[(dash + 1)..], out minor, out var consumedMinor) && consumedMinor == rest.Length - dash - 1;
    }

    private static int? ReadInt(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
        {
            return null;
        }

        if (reader.TryGetInt32(out var whole))
        {
            return whole;
        }

        return reader.TryGetDouble(out var real) && real is > -200 and < 200 ? (int)Math.Round(real) : null;
    }
}
