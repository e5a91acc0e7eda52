using BenchmarkDotNet.Attributes;
using Edge.Beacons.Decoding;

namespace Edge.Benchmarks;

/// <summary>
/// BLE advertising data (AD structures) to a decoded frame, as the Pi's radio and the hex of a scanner hand it over:
/// an iBeacon, an Eddystone-UID beacon and a phone (Apple nearby-info manufacturer data, no beacon).
/// </summary>
[MemoryDiagnoser]
public class BleFrameDecodeBenchmarks
{
    // Flags, then Apple manufacturer data: 4C 00, iBeacon type 02 length 15, UUID, major 1, minor 2, measured power -59.
    private readonly byte[] _iBeacon = Convert.FromHexString("0201061AFF4C0002152F234454CF6D4A0FADF2F4911BA9FFA600010002C5");

    // Flags, 16-bit UUID list FEAA, service data FEAA + UID frame: type 00, Tx -20, namespace (10), instance (6), reserved (2).
    private readonly byte[] _eddystoneUid = Convert.FromHexString("0201060303AAFE1716AAFE00EC00010203040506070809AABBCCDDEEFF0000");

    // Flags 1A, Apple manufacturer data type 10 (nearby info), Tx power level 12: what a phone advertises.
    private readonly byte[] _phone = Convert.FromHexString("02011A0AFF4C0010051C1A2B3C4D020A0C");

    [Benchmark]
    public int IBeacon() => Decode(_iBeacon);

    [Benchmark]
    public int EddystoneUid() => Decode(_eddystoneUid);

    [Benchmark]
    public int PhoneAdvertisement() => Decode(_phone);

    private static int Decode(byte[] data)
    {
        var error = AdvertisementDecoder.DecodeAdvertisingData(data, out var frame);
        return (int)error + (int)frame.Format + frame.CompanyId + frame.Major + frame.PrimaryId.Length;
    }
}
