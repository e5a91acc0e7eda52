using System.Buffers.Binary;

namespace Edge.Beacons.Decoding;

/// <summary>
/// Eddystone frames (Google's Eddystone protocol specification): service data for the 16-bit UUID 0xFEAA whose first
/// byte's high nibble is the frame type. All multi-byte values are big-endian.
/// </summary>
internal static class EddystoneDecoder
{
    public const ushort ServiceUuid = 0xFEAA;
    public const byte PlainTlmVersion = 0x00;
    public const byte EncryptedTlmVersion = 0x01;

    private const byte UidFrame = 0x00;
    private const byte UrlFrame = 0x10;
    private const byte TlmFrame = 0x20;
    private const byte EidFrame = 0x30;

    // UID: type, Tx power at 0 m, namespace (10), instance (6), then 2 reserved bytes that must be 0x00 (often omitted).
    private const int UidBytesWithoutReserved = 18;
    private const int UidBytes = 20;

    // URL: type, Tx power, scheme prefix, then at most 17 bytes of encoded URL.
    private const int UrlHeaderBytes = 3;
    private const int UrlMaximumEncodedBytes = 17;

    // TLM version 0x00: type, version, battery (2), temperature 8.8 (2), advertisement count (4), seconds count (4).
    private const int PlainTlmBytes = 14;

    // TLM version 0x01 (encrypted): type, version, encrypted TLM (12), salt (2), message integrity check (2).
    private const int EncryptedTlmBytes = 18;

    // EID: type, Tx power, 8-byte ephemeral identifier.
    private const int EidBytes = 10;

    /// <summary>Decodes the Eddystone frame that follows the 0xFEAA UUID in a service data structure.</summary>
    public static DecodeError Decode(ReadOnlySpan<byte> frameBytes, ref BeaconFrame frame)
    {
        if (frameBytes.IsEmpty)
        {
            return DecodeError.ServiceDataTooShort;
        }

        switch (frameBytes[0])
        {
            case UidFrame:
                if (frameBytes.Length is not (UidBytesWithoutReserved or UidBytes))
                {
                    return DecodeError.EddystoneUidLength;
                }

                if (frameBytes.Length == UidBytes && (frameBytes[18] != 0 || frameBytes[19] != 0))
                {
                    return DecodeError.EddystoneUidReservedNotZero;
                }

                frame.Format = BeaconFormat.EddystoneUid;
                frame.Power = unchecked((sbyte)frameBytes[1]);
                frame.PrimaryId = frameBytes.Slice(2, 10);
                frame.SecondaryId = frameBytes.Slice(12, 6);
                return DecodeError.None;

            case UrlFrame:
                if (frameBytes.Length < UrlHeaderBytes || frameBytes.Length > UrlHeaderBytes + UrlMaximumEncodedBytes)
                {
                    return DecodeError.EddystoneUrlLength;
                }

                var urlError = EddystoneUrl.Validate(frameBytes[2..]);
                if (urlError != DecodeError.None)
                {
                    return urlError;
                }

                frame.Format = BeaconFormat.EddystoneUrl;
                frame.Power = unchecked((sbyte)frameBytes[1]);
                frame.EncodedUrl = frameBytes[2..];
                return DecodeError.None;

            case TlmFrame:
                return DecodeTelemetry(frameBytes, ref frame);

            case EidFrame:
                if (frameBytes.Length != EidBytes)
                {
                    return DecodeError.EddystoneEidLength;
                }

                frame.Format = BeaconFormat.EddystoneEid;
                frame.Power = unchecked((sbyte)frameBytes[1]);
                frame.PrimaryId = frameBytes.Slice(2, 8);
                return DecodeError.None;

            default:
                return DecodeError.EddystoneFrameTypeReserved;
        }
    }

    private static DecodeError DecodeTelemetry(ReadOnlySpan<byte> frameBytes, ref BeaconFrame frame)
    {
        if (frameBytes.Length < 2)
        {
            return DecodeError.EddystoneTlmLength;
        }

        var version = frameBytes[1];
        if (version == EncryptedTlmVersion)
        {
            if (frameBytes.Length != EncryptedTlmBytes)
            {
                return DecodeError.EddystoneTlmLength;
            }

            frame.Format = BeaconFormat.EddystoneTlm;
            frame.TlmVersion = version;
            return DecodeError.None;
        }

        if (version != PlainTlmVersion)
        {
            return DecodeError.EddystoneTlmVersion;
        }

        if (frameBytes.Length != PlainTlmBytes)
        {
            return DecodeError.EddystoneTlmLength;
        }

        frame.Format = BeaconFormat.EddystoneTlm;
        frame.TlmVersion = version;
        frame.BatteryMillivolts = BinaryPrimitives.ReadUInt16BigEndian(frameBytes[2..]);
        frame.TemperatureFixedPoint = BinaryPrimitives.ReadInt16BigEndian(frameBytes[4..]);
        frame.AdvertisementCount = BinaryPrimitives.ReadUInt32BigEndian(frameBytes[6..]);
        frame.UptimeDeciseconds = BinaryPrimitives.ReadUInt32BigEndian(frameBytes[10..]);
        return DecodeError.None;
    }
}
