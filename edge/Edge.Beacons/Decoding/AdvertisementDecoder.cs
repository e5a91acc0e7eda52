using System.Buffers.Binary;

namespace Edge.Beacons.Decoding;

/// <summary>
/// Entry points for the three input layers: advertising data (AD structures), manufacturer data alone, and
/// 16-bit-UUID service data alone. HCI events are unwrapped by <see cref="HciEventReader"/> and end here.
/// Nothing allocates: the resulting <see cref="BeaconFrame"/> points into the input.
/// </summary>
internal static class AdvertisementDecoder
{
    /// <summary>Decodes a sequence of AD structures; the first recognized beacon wins, otherwise the frame is unknown.</summary>
    public static DecodeError DecodeAdvertisingData(ReadOnlySpan<byte> data, out BeaconFrame frame)
    {
        frame = new BeaconFrame { AdvertisingData = data };
        var error = AdStructureReader.Validate(data);
        if (error != DecodeError.None)
        {
            return error;
        }

        foreach (var structure in new AdStructureReader(data))
        {
            if (structure.Type == AdType.ManufacturerSpecificData)
            {
                error = ManufacturerDataDecoder.Decode(structure.Data, ref frame);
                if (error != DecodeError.None || frame.Format != BeaconFormat.Unknown)
                {
                    return error;
                }
            }
            else if (structure.Type == AdType.ServiceData16)
            {
                error = DecodeServiceData(structure.Data, ref frame);
                if (error != DecodeError.None || frame.Format != BeaconFormat.Unknown)
                {
                    return error;
                }
            }
        }

        return DecodeError.None;
    }

    /// <summary>Decodes manufacturer-specific data that starts with its little-endian company id.</summary>
    public static DecodeError DecodeManufacturerData(ReadOnlySpan<byte> data, out BeaconFrame frame)
    {
        frame = new BeaconFrame();
        return data.IsEmpty ? DecodeError.Empty : ManufacturerDataDecoder.Decode(data, ref frame);
    }

    /// <summary>Decodes an Eddystone frame given without its service UUID (as OpenMQTTGateway's <c>servicedata</c>).</summary>
    public static DecodeError DecodeEddystone(ReadOnlySpan<byte> data, out BeaconFrame frame)
    {
        frame = new BeaconFrame();
        return EddystoneDecoder.Decode(data, ref frame);
    }

    /// <summary>Decodes service data that starts with its little-endian 16-bit UUID (Eddystone when it is 0xFEAA).</summary>
    public static DecodeError DecodeServiceData(ReadOnlySpan<byte> data, ref BeaconFrame frame)
    {
        if (data.Length < 2)
        {
            return DecodeError.ServiceDataTooShort;
        }

        return BinaryPrimitives.ReadUInt16LittleEndian(data) == EddystoneDecoder.ServiceUuid
            ? EddystoneDecoder.Decode(data[2..], ref frame)
            : DecodeError.None;
    }
}
