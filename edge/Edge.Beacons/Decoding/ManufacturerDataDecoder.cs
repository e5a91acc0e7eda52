using System.Buffers.Binary;

namespace Edge.Beacons.Decoding;

/// <summary>Manufacturer-specific data (AD type 0xFF): a little-endian company id, then the company's payload.</summary>
internal static class ManufacturerDataDecoder
{
    // Apple's iBeacon payload: type 0x02, length 0x15 (21), UUID (16), major (2, big-endian), minor (2), measured power (1).
    private const byte IBeaconType = 0x02;
    private const byte IBeaconLength = 0x15;
    private const int IBeaconPayloadBytes = 2 + IBeaconLength;

    // AltBeacon spec: company id (2), beacon code 0xBEAC (big-endian), beacon id (20), reference RSSI (1), reserved (1).
    private const byte AltBeaconCodeHigh = 0xBE;
    private const byte AltBeaconCodeLow = 0xAC;
    private const int AltBeaconPayloadBytes = 2 + 20 + 1 + 1;

    public static DecodeError Decode(ReadOnlySpan<byte> data, ref BeaconFrame frame)
    {
        if (data.Length < 2)
        {
            return DecodeError.ManufacturerDataTooShort;
        }

        var companyId = BinaryPrimitives.ReadUInt16LittleEndian(data);
        var payload = data[2..];
        frame.CompanyId = companyId;
        frame.Format = BeaconFormat.Unknown;

        if (payload.Length >= 2 && payload[0] == AltBeaconCodeHigh && payload[1] == AltBeaconCodeLow)
        {
            if (payload.Length != AltBeaconPayloadBytes)
            {
                return DecodeError.AltBeaconLength;
            }

            frame.Format = BeaconFormat.AltBeacon;
            frame.PrimaryId = payload.Slice(2, 16);
            frame.Major = BinaryPrimitives.ReadUInt16BigEndian(payload[18..]);
            frame.Minor = BinaryPrimitives.ReadUInt16BigEndian(payload[20..]);
            frame.Power = unchecked((sbyte)payload[22]);
            frame.ManufacturerReserved = payload[23];
            return DecodeError.None;
        }

        if (companyId == CompanyIds.Apple && payload.Length >= 1 && payload[0] == IBeaconType)
        {
            if (payload.Length != IBeaconPayloadBytes || payload[1] != IBeaconLength)
            {
                return DecodeError.IBeaconLength;
            }

            frame.Format = BeaconFormat.IBeacon;
            frame.PrimaryId = payload.Slice(2, 16);
            frame.Major = BinaryPrimitives.ReadUInt16BigEndian(payload[18..]);
            frame.Minor = BinaryPrimitives.ReadUInt16BigEndian(payload[20..]);
            frame.Power = unchecked((sbyte)payload[22]);
            return DecodeError.None;
        }

        return DecodeError.None;
    }
}
