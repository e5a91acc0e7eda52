using Edge.Beacons.Decoding;
using Edge.TestKit;

namespace Edge.Beacons.Tests;

public sealed class AdvertisementDecoderTests
{
    [Fact]
    public void DecodeAdvertisingData_IBeacon_ReadsEveryField()
    {
        var data = Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.IBeaconManufacturerData(513, 1027, -59)));

        var error = AdvertisementDecoder.DecodeAdvertisingData(data, out var frame);

        Assert.Equal(DecodeError.None, error);
        Assert.Equal(BeaconFormat.IBeacon, frame.Format);
        Assert.Equal(Frames.Uuid, BeaconFrameJson.FormatUuid(frame.PrimaryId));
        Assert.Equal(513, frame.Major);
        Assert.Equal(1027, frame.Minor);
        Assert.Equal(-59, frame.Power);
        Assert.Equal(0x004C, frame.CompanyId);
    }

    [Fact]
    public void DecodeManufacturerData_IBeaconOneByteShort_IsIBeaconLengthError()
    {
        var data = Frames.IBeaconManufacturerData()[..^1];

        Assert.Equal(DecodeError.IBeaconLength, AdvertisementDecoder.DecodeManufacturerData(data, out _));
    }

    [Fact]
    public void DecodeManufacturerData_IBeaconWrongLengthByte_IsIBeaconLengthError()
    {
        var data = Frames.IBeaconManufacturerData();
        data[3] = 0x16;

        Assert.Equal(DecodeError.IBeaconLength, AdvertisementDecoder.DecodeManufacturerData(data, out _));
    }

    [Fact]
    public void DecodeManufacturerData_AppleWithOtherBeaconType_IsUnknownWithCompany()
    {
        var data = Frames.IBeaconManufacturerData();
        data[2] = 0x10;

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeManufacturerData(data, out var frame));
        Assert.Equal(BeaconFormat.Unknown, frame.Format);
        Assert.Equal(76, frame.CompanyId);
    }

    [Fact]
    public void DecodeManufacturerData_IBeaconLayoutUnderOtherCompany_IsUnknown()
    {
        var data = Frames.IBeaconManufacturerData();
        data[0] = 0x4D;

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeManufacturerData(data, out var frame));
        Assert.Equal(BeaconFormat.Unknown, frame.Format);
    }

    [Fact]
    public void DecodeManufacturerData_AltBeacon_ReadsEveryField()
    {
        var data = Frames.AltBeaconManufacturerData(0x0118, 7, 9, -62, 0x5A);

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeManufacturerData(data, out var frame));
        Assert.Equal(BeaconFormat.AltBeacon, frame.Format);
        Assert.Equal(Frames.Uuid, BeaconFrameJson.FormatUuid(frame.PrimaryId));
        Assert.Equal(7, frame.Major);
        Assert.Equal(9, frame.Minor);
        Assert.Equal(-62, frame.Power);
        Assert.Equal(0x5A, frame.ManufacturerReserved);
        Assert.Equal(0x0118, frame.CompanyId);
    }

    [Fact]
    public void DecodeAdvertisingData_AltBeaconTruncatedInsideStructure_IsAltBeaconLengthError()
    {
        var data = Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.AltBeaconManufacturerData()[..^2]));

        Assert.Equal(DecodeError.AltBeaconLength, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Fact]
    public void DecodeManufacturerData_WrongAltBeaconCode_IsUnknown()
    {
        var data = Frames.AltBeaconManufacturerData();
        data[3] = 0xAD;

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeManufacturerData(data, out var frame));
        Assert.Equal(BeaconFormat.Unknown, frame.Format);
    }

    [Fact]
    public void DecodeAdvertisingData_LengthRunsPastEnd_IsOverrunError()
    {
        var data = Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.IBeaconManufacturerData()))[..^3];

        Assert.Equal(DecodeError.AdStructureOverrun, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Fact]
    public void DecodeAdvertisingData_ZeroPaddingAfterTerminator_IsWellFormed()
    {
        byte[] data = [.. Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.IBeaconManufacturerData())), 0, 0, 0];

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(data, out var frame));
        Assert.Equal(BeaconFormat.IBeacon, frame.Format);
    }

    [Fact]
    public void DecodeAdvertisingData_GarbageAfterTerminator_IsError()
    {
        byte[] data = [.. Frames.Flags, 0, 0x05];

        Assert.Equal(DecodeError.AdStructureMissingType, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0, 0 })]
    public void DecodeAdvertisingData_Empty_IsEmptyError(byte[] data)
    {
        Assert.Equal(DecodeError.Empty, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Fact]
    public void DecodeAdvertisingData_NameOnly_IsUnknownWithAdTypes()
    {
        var data = Frames.Advertisement(Frames.Flags, Frames.Ad(0x09, "Phone"u8.ToArray()));

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(data, out var frame));
        Assert.Equal(BeaconFormat.Unknown, frame.Format);
        var types = new List<byte>();
        foreach (var structure in new AdStructureReader(frame.AdvertisingData))
        {
            types.Add(structure.Type);
        }

        Assert.Equal([0x01, 0x09], types);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DecodeAdvertisingData_EddystoneUid_ReadsNamespaceAndInstance(bool withReserved)
    {
        var data = Frames.Eddystone(Frames.EddystoneUidFrame(-21, withReserved));

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(data, out var frame));
        Assert.Equal(BeaconFormat.EddystoneUid, frame.Format);
        Assert.Equal(Frames.Namespace, frame.PrimaryId.ToArray());
        Assert.Equal(Frames.Instance, frame.SecondaryId.ToArray());
        Assert.Equal(-21, frame.Power);
    }

    [Fact]
    public void DecodeAdvertisingData_EddystoneUidReservedNotZero_IsError()
    {
        var uid = Frames.EddystoneUidFrame();
        uid[19] = 1;

        Assert.Equal(DecodeError.EddystoneUidReservedNotZero, AdvertisementDecoder.DecodeAdvertisingData(Frames.Eddystone(uid), out _));
    }

    [Fact]
    public void DecodeAdvertisingData_EddystoneUidTruncated_IsLengthError()
    {
        var data = Frames.Eddystone(Frames.EddystoneUidFrame()[..17]);

        Assert.Equal(DecodeError.EddystoneUidLength, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Fact]
    public void DecodeAdvertisingData_WrongServiceUuid_IsUnknown()
    {
        var data = Frames.Eddystone(Frames.EddystoneUidFrame(), serviceUuid: 0xFEAB);

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(data, out var frame));
        Assert.Equal(BeaconFormat.Unknown, frame.Format);
    }

    [Theory]
    [InlineData(0x00, "http://www.")]
    [InlineData(0x01, "https://www.")]
    [InlineData(0x02, "http://")]
    [InlineData(0x03, "https://")]
    public void DecodeAdvertisingData_EddystoneUrlScheme_Expands(byte scheme, string prefix)
    {
        var data = Frames.Eddystone(Frames.EddystoneUrlFrame(scheme, [.. "shop"u8, 0x07]));

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(data, out var frame));
        Assert.Equal(BeaconFormat.EddystoneUrl, frame.Format);
        Assert.Equal(prefix + "shop.com", EddystoneUrl.Expand(frame.EncodedUrl));
    }

    [Theory]
    [InlineData(0x00, ".com/")]
    [InlineData(0x01, ".org/")]
    [InlineData(0x02, ".edu/")]
    [InlineData(0x03, ".net/")]
    [InlineData(0x04, ".info/")]
    [InlineData(0x05, ".biz/")]
    [InlineData(0x06, ".gov/")]
    [InlineData(0x07, ".com")]
    [InlineData(0x08, ".org")]
    [InlineData(0x09, ".edu")]
    [InlineData(0x0A, ".net")]
    [InlineData(0x0B, ".info")]
    [InlineData(0x0C, ".biz")]
    [InlineData(0x0D, ".gov")]
    public void DecodeAdvertisingData_EddystoneUrlExpansionCode_Expands(byte code, string expansion)
    {
        var data = Frames.Eddystone(Frames.EddystoneUrlFrame(0x03, [.. "a"u8, code, .. "x"u8]));

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(data, out var frame));
        Assert.Equal("https://a" + expansion + "x", EddystoneUrl.Expand(frame.EncodedUrl));
    }

    [Theory]
    [InlineData(0x0E)]
    [InlineData(0x20)]
    [InlineData(0x7F)]
    [InlineData(0xFF)]
    public void DecodeAdvertisingData_EddystoneUrlReservedCode_IsError(byte code)
    {
        var data = Frames.Eddystone(Frames.EddystoneUrlFrame(0x03, [.. "a"u8, code]));

        Assert.Equal(DecodeError.EddystoneUrlReservedCode, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Fact]
    public void DecodeAdvertisingData_EddystoneUrlUnknownScheme_IsError()
    {
        var data = Frames.Eddystone(Frames.EddystoneUrlFrame(0x04, [.. "a"u8]));

        Assert.Equal(DecodeError.EddystoneUrlScheme, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Fact]
    public void DecodeAdvertisingData_EddystoneUrlEighteenBytes_IsLengthError()
    {
        var data = Frames.Eddystone(Frames.EddystoneUrlFrame(0x03, [.. "abcdefghijklmnopqr"u8]));

        Assert.Equal(DecodeError.EddystoneUrlLength, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Fact]
    public void EddystoneUrl_EncodeThenExpand_RoundTrips()
    {
        const string url = "https://www.example.org/x";
        var encoded = EddystoneUrl.Encode(url);

        Assert.NotNull(encoded);
        Assert.Equal(DecodeError.None, EddystoneUrl.Validate(encoded));
        Assert.Equal(url, EddystoneUrl.Expand(encoded));
        Assert.Equal(1 + "example".Length + 1 + 1, encoded.Length);
    }

    [Theory]
    [InlineData(0x1A80, 26.5)]
    [InlineData(unchecked((short)0xFF80), -0.5)]
    [InlineData(0x0000, 0.0)]
    public void DecodeAdvertisingData_EddystoneTlm_ReadsFixedPointTemperature(short raw, double celsius)
    {
        var data = Frames.Eddystone(Frames.EddystoneTlmFrame(3000, raw, 123_456, 36_000));

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(data, out var frame));
        Assert.Equal(BeaconFormat.EddystoneTlm, frame.Format);
        Assert.Equal(3000, frame.BatteryMillivolts);
        Assert.Equal(celsius, frame.TemperatureCelsius);
        Assert.Equal(123_456u, frame.AdvertisementCount);
        Assert.Equal(3600.0, frame.UptimeSeconds);
    }

    [Fact]
    public void DecodeAdvertisingData_EddystoneTlmTemperatureNotSupported_IsNull()
    {
        var data = Frames.Eddystone(Frames.EddystoneTlmFrame(0, short.MinValue, 1, 1));

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(data, out var frame));
        Assert.Null(frame.TemperatureCelsius);
    }

    [Fact]
    public void DecodeAdvertisingData_EddystoneTlmTruncated_IsLengthError()
    {
        var data = Frames.Eddystone(Frames.EddystoneTlmFrame(3000, 0, 1, 1)[..13]);

        Assert.Equal(DecodeError.EddystoneTlmLength, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Fact]
    public void DecodeAdvertisingData_EddystoneTlmUnknownVersion_IsVersionError()
    {
        var tlm = Frames.EddystoneTlmFrame(3000, 0, 1, 1);
        tlm[1] = 0x02;

        Assert.Equal(DecodeError.EddystoneTlmVersion, AdvertisementDecoder.DecodeAdvertisingData(Frames.Eddystone(tlm), out _));
    }

    [Fact]
    public void DecodeAdvertisingData_EncryptedTlm_IsRecognizedAsEncrypted()
    {
        byte[] etlm = [0x20, 0x01, .. new byte[12], 0x12, 0x34, 0xAB, 0xCD];

        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(Frames.Eddystone(etlm), out var frame));
        Assert.True(frame.IsEncryptedTelemetry);
    }

    [Fact]
    public void DecodeAdvertisingData_EddystoneEid_IsRecognized()
    {
        Assert.Equal(DecodeError.None, AdvertisementDecoder.DecodeAdvertisingData(Frames.Eddystone(Frames.EddystoneEidFrame()), out var frame));
        Assert.Equal(BeaconFormat.EddystoneEid, frame.Format);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, frame.PrimaryId.ToArray());
    }

    [Fact]
    public void DecodeAdvertisingData_EddystoneEidTruncated_IsLengthError()
    {
        var data = Frames.Eddystone(Frames.EddystoneEidFrame()[..9]);

        Assert.Equal(DecodeError.EddystoneEidLength, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }

    [Theory]
    [InlineData(0x40)]
    [InlineData(0x50)]
    [InlineData(0x01)]
    public void DecodeAdvertisingData_ReservedEddystoneFrameType_IsError(byte frameType)
    {
        var data = Frames.Eddystone([frameType, 0x00, 0x00]);

        Assert.Equal(DecodeError.EddystoneFrameTypeReserved, AdvertisementDecoder.DecodeAdvertisingData(data, out _));
    }
}
