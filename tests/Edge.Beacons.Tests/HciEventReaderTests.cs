using Edge.Beacons.Decoding;
using Edge.TestKit;

namespace Edge.Beacons.Tests;

public sealed class HciEventReaderTests
{
    private static readonly byte[] s_iBeaconAd = Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.IBeaconManufacturerData()));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Open_LegacyReport_ReadsAddressRssiAndData(bool indicator)
    {
        var packet = Frames.HciEvent(Frames.Mac, -66, s_iBeaconAd, indicator);

        Assert.Equal(DecodeError.None, HciEventReader.Open(packet, out var reader));
        Assert.Equal(1, reader.ReportCount);
        Assert.True(reader.MoveNext());
        var report = reader.Current;
        Assert.Equal("AA:BB:CC:DD:EE:FF", BeaconFrameJson.FormatAddress(report.Address));
        Assert.Equal((sbyte)-66, report.Rssi);
        Assert.Equal(1, report.AddressType);
        Assert.Equal(s_iBeaconAd, report.Data.ToArray());
        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void Open_RssiNotAvailable_IsNull()
    {
        var packet = Frames.HciEvent(Frames.Mac, 127, s_iBeaconAd);

        Assert.Equal(DecodeError.None, HciEventReader.Open(packet, out var reader));
        reader.MoveNext();
        Assert.Null(reader.Current.Rssi);
    }

    [Fact]
    public void Open_ParameterLengthDisagrees_IsLengthMismatch()
    {
        var packet = Frames.HciEvent(Frames.Mac, -66, s_iBeaconAd);
        packet[2]++;

        Assert.Equal(DecodeError.HciLengthMismatch, HciEventReader.Open(packet, out _));
    }

    [Fact]
    public void Open_ReportDataLengthPastEnd_IsTruncated()
    {
        var packet = Frames.HciEvent(Frames.Mac, -66, s_iBeaconAd);
        packet[13] += 1;

        Assert.Equal(DecodeError.HciReportTruncated, HciEventReader.Open(packet, out _));
    }

    [Fact]
    public void Open_DataLongerThan31_IsDataTooLong()
    {
        var packet = Frames.HciEvent(Frames.Mac, -66, new byte[32]);

        Assert.Equal(DecodeError.HciDataTooLong, HciEventReader.Open(packet, out _));
    }

    [Fact]
    public void Open_CommandComplete_IsNotLeMeta()
    {
        byte[] packet = [0x04, 0x0E, 0x04, 0x01, 0x0C, 0x20, 0x00];

        Assert.Equal(DecodeError.HciNotLeMetaEvent, HciEventReader.Open(packet, out _));
    }

    [Fact]
    public void Open_CommandPacket_IsNotAnEvent()
    {
        byte[] packet = [0x01, 0x0C, 0x20, 0x02, 0x01, 0x00];

        Assert.Equal(DecodeError.HciNotAnEvent, HciEventReader.Open(packet, out _));
    }

    [Fact]
    public void Open_ConnectionCompleteSubevent_IsNotAdvertisingReport()
    {
        byte[] packet = [0x04, 0x3E, 0x02, 0x01, 0x00];

        Assert.Equal(DecodeError.HciNotAdvertisingReport, HciEventReader.Open(packet, out _));
    }

    [Fact]
    public void Open_ZeroReports_IsNoReports()
    {
        byte[] packet = [0x04, 0x3E, 0x02, 0x02, 0x00];

        Assert.Equal(DecodeError.HciNoReports, HciEventReader.Open(packet, out _));
    }

    [Fact]
    public void Open_TwoReports_EnumeratesBoth()
    {
        byte[] first = [0x00, 0x01, .. Frames.Mac.Reverse(), (byte)s_iBeaconAd.Length, .. s_iBeaconAd, unchecked((byte)-50)];
        byte[] second = [0x04, 0x00, 1, 2, 3, 4, 5, 6, 0x00, unchecked((byte)-80)];
        byte[] parameters = [0x02, 0x02, .. first, .. second];
        byte[] packet = [0x04, 0x3E, (byte)parameters.Length, .. parameters];

        Assert.Equal(DecodeError.None, HciEventReader.Open(packet, out var reader));
        var rssis = new List<sbyte?>();
        foreach (var report in reader)
        {
            rssis.Add(report.Rssi);
        }

        Assert.Equal([(sbyte)-50, (sbyte)-80], rssis);
    }

    [Fact]
    public void Open_ExtendedReport_ReadsAddressRssiAndData()
    {
        byte[] report =
        [
            0x13, 0x00, 0x01, .. Frames.Mac.Reverse(), 0x01, 0x00, 0xFF, 0x7F, unchecked((byte)-71), 0x00, 0x00,
            0x00, 0, 0, 0, 0, 0, 0, (byte)s_iBeaconAd.Length, .. s_iBeaconAd,
        ];
        byte[] parameters = [0x0D, 0x01, .. report];
        byte[] packet = [0x04, 0x3E, (byte)parameters.Length, .. parameters];

        Assert.Equal(DecodeError.None, HciEventReader.Open(packet, out var reader));
        Assert.True(reader.IsExtended);
        reader.MoveNext();
        Assert.Equal((sbyte)-71, reader.Current.Rssi);
        Assert.Equal("AA:BB:CC:DD:EE:FF", BeaconFrameJson.FormatAddress(reader.Current.Address));
        Assert.Equal(s_iBeaconAd, reader.Current.Data.ToArray());
    }
}
