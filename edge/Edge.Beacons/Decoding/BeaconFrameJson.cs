using System.Buffers.Binary;
using System.Text.Json;

namespace Edge.Beacons.Decoding;

/// <summary>
/// Writes a decoded frame as the <c>beacons decode</c> operator tool prints it. This prints raw identifiers on purpose
/// (an operator asked to decode a frame they hold); the running gateway never calls it.
/// </summary>
internal static class BeaconFrameJson
{
    public static void WriteFields(Utf8JsonWriter writer, in BeaconFrame frame)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (frame.Format)
        {
            case BeaconFormat.IBeacon:
                writer.WriteString("format", "ibeacon");
                writer.WriteString("uuid", FormatUuid(frame.PrimaryId));
                writer.WriteNumber("major", frame.Major);
                writer.WriteNumber("minor", frame.Minor);
                writer.WriteNumber("measuredPower", frame.Power);
                break;
            case BeaconFormat.AltBeacon:
                writer.WriteString("format", "altbeacon");
                writer.WriteString("id1", FormatUuid(frame.PrimaryId));
                writer.WriteNumber("id2", frame.Major);
                writer.WriteNumber("id3", frame.Minor);
                writer.WriteNumber("referenceRssi", frame.Power);
                writer.WriteNumber("mfgReserved", frame.ManufacturerReserved);
                break;
            case BeaconFormat.EddystoneUid:
                writer.WriteString("format", "eddystone-uid");
                writer.WriteString("namespace", Convert.ToHexStringLower(frame.PrimaryId));
                writer.WriteString("instance", Convert.ToHexStringLower(frame.SecondaryId));
                writer.WriteNumber("txPower", frame.Power);
                break;
            case BeaconFormat.EddystoneUrl:
                writer.WriteString("format", "eddystone-url");
                writer.WriteString("url", EddystoneUrl.Expand(frame.EncodedUrl));
                writer.WriteNumber("txPower", frame.Power);
                break;
            case BeaconFormat.EddystoneTlm:
                writer.WriteString("format", "eddystone-tlm");
                writer.WriteNumber("version", frame.TlmVersion);
                if (frame.IsEncryptedTelemetry)
                {
                    writer.WriteBoolean("encrypted", true);
                    break;
                }

                writer.WriteNumber("batteryMillivolts", frame.BatteryMillivolts);
                if (frame.TemperatureCelsius is { } celsius)
                {
                    writer.WriteNumber("temperatureCelsius", celsius);
                }
                else
                {
                    writer.WriteNull("temperatureCelsius");
                }

                writer.WriteNumber("advertisementCount", frame.AdvertisementCount);
                writer.WriteNumber("uptimeSeconds", frame.UptimeSeconds);
                break;
            case BeaconFormat.EddystoneEid:
                writer.WriteString("format", "eddystone-eid");
                writer.WriteString("eid", Convert.ToHexStringLower(frame.PrimaryId));
                writer.WriteNumber("txPower", frame.Power);
                break;
            default:
                writer.WriteString("format", "unknown");
                if (!frame.AdvertisingData.IsEmpty)
                {
                    writer.WriteStartArray("adTypes");
                    foreach (var structure in new AdStructureReader(frame.AdvertisingData))
                    {
                        writer.WriteNumberValue(structure.Type);
                    }

                    writer.WriteEndArray();
                }

                break;
        }

        if (frame.CompanyId >= 0)
        {
            writer.WriteNumber("companyId", frame.CompanyId);
        }
    }

    /// <summary>Formats 16 big-endian bytes as a lower-case dashed UUID (8-4-4-4-12).</summary>
    public static string FormatUuid(ReadOnlySpan<byte> bytes)
    {
        var guid = new Guid(bytes, bigEndian: true);
        return guid.ToString("D");
    }

    /// <summary>Formats a little-endian on-air address as AA:BB:CC:DD:EE:FF (most significant byte first).</summary>
    public static string FormatAddress(ReadOnlySpan<byte> littleEndianAddress)
    {
        Span<char> text = stackalloc char[17];
        for (var i = 0; i < 6; i++)
        {
            var value = littleEndianAddress[5 - i];
            text[i * 3] = "0123456789ABCDEF"[value >> 4];
            text[(i * 3) + 1] = "0123456789ABCDEF"[value & 0xF];
            if (i < 5)
            {
                text[(i * 3) + 2] = ':';
            }
        }

        return new string(text);
    }

    /// <summary>Reads a 16-bit little-endian value; used by tests and the tool for company ids.</summary>
    public static ushort ReadCompanyId(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadUInt16LittleEndian(data);
}
