using System.Text;
using System.Text.Json;
using Edge.Beacons;
using Edge.TestKit;
using Edge.Tools.Beacons;

namespace Edge.Tools.Tests.Beacons;

public sealed class BeaconDecodeToolTests
{
    private static async Task<List<JsonElement>> DecodeAsync(params string[] lines)
    {
        using var output = new MemoryStream();
        await BeaconDecodeTool.RunAsync(new StringReader(string.Join('\n', lines)), output, CancellationToken.None);
        return [.. Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    private static string Line(byte[] bytes, string layer) => $$"""{"hex":"{{Convert.ToHexString(bytes)}}","layer":"{{layer}}"}""";

    [Fact]
    public async Task RunAsync_IBeaconAd_PrintsTheIssueExample()
    {
        var data = Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.IBeaconManufacturerData(1, 2, -59)));

        var result = Assert.Single(await DecodeAsync(Line(data, "ad")));

        Assert.Equal(
            """{"format":"ibeacon","uuid":"2f234454-cf6d-4a0f-adf2-f4911ba9ffa6","major":1,"minor":2,"measuredPower":-59,"companyId":76}""",
            result.GetRawText());
    }

    [Fact]
    public async Task RunAsync_HciLayer_AddsMacAndRssi()
    {
        var data = Frames.Advertisement(Frames.Flags, Frames.Ad(0xFF, Frames.IBeaconManufacturerData()));

        var result = Assert.Single(await DecodeAsync(Line(Frames.HciEvent(Frames.Mac, -66, data), "hci")));

        Assert.Equal("ibeacon", result.GetProperty("format").GetString());
        Assert.Equal("AA:BB:CC:DD:EE:FF", result.GetProperty("mac").GetString());
        Assert.Equal(-66, result.GetProperty("rssi").GetInt32());
    }

    [Fact]
    public async Task RunAsync_EveryFormat_OneLinePerInputInOrder()
    {
        var results = await DecodeAsync(
            Line(Frames.AltBeaconManufacturerData(0x0118, 3, 4, -60, 7), "manufacturer"),
            Line(Frames.Eddystone(Frames.EddystoneUidFrame(-20)), "ad"),
            Line(Frames.Eddystone(Frames.EddystoneUrlFrame(0x01, [.. "shop"u8, 0x00, .. "x"u8])), "ad"),
            Line(Frames.Eddystone(Frames.EddystoneTlmFrame(2950, 0x1A80, 500, 600)), "ad"),
            Line(Frames.Eddystone(Frames.EddystoneEidFrame()), "ad"),
            Line(Frames.Advertisement(Frames.Flags, Frames.Ad(0x09, "Phone"u8.ToArray())), "ad"),
            Line(Frames.IBeaconManufacturerData()[..10], "manufacturer"),
            """{"hex":"0201","layer":"ad"}""",
            """{"hex":"02010","layer":"ad"}""",
            """{"hex":"020106","layer":"radio"}""",
            "not json");

        Assert.Equal(11, results.Count);
        Assert.Equal("altbeacon", results[0].GetProperty("format").GetString());
        Assert.Equal(Frames.Uuid, results[0].GetProperty("id1").GetString());
        Assert.Equal(3, results[0].GetProperty("id2").GetInt32());
        Assert.Equal(4, results[0].GetProperty("id3").GetInt32());
        Assert.Equal(-60, results[0].GetProperty("referenceRssi").GetInt32());
        Assert.Equal(7, results[0].GetProperty("mfgReserved").GetInt32());
        Assert.Equal(280, results[0].GetProperty("companyId").GetInt32());
        Assert.Equal("00010203040506070809", results[1].GetProperty("namespace").GetString());
        Assert.Equal("aabbccddeeff", results[1].GetProperty("instance").GetString());
        Assert.Equal(-20, results[1].GetProperty("txPower").GetInt32());
        Assert.Equal("https://www.shop.com/x", results[2].GetProperty("url").GetString());
        Assert.Equal(2950, results[3].GetProperty("batteryMillivolts").GetInt32());
        Assert.Equal(26.5, results[3].GetProperty("temperatureCelsius").GetDouble());
        Assert.Equal(500, results[3].GetProperty("advertisementCount").GetInt64());
        Assert.Equal(60.0, results[3].GetProperty("uptimeSeconds").GetDouble());
        Assert.Equal(0, results[3].GetProperty("version").GetInt32());
        Assert.Equal("eddystone-eid", results[4].GetProperty("format").GetString());
        Assert.Equal("unknown", results[5].GetProperty("format").GetString());
        Assert.Equal([1, 9], results[5].GetProperty("adTypes").EnumerateArray().Select(e => e.GetInt32()));
        for (var i = 6; i < 11; i++)
        {
            Assert.True(results[i].TryGetProperty("error", out _), results[i].GetRawText());
        }
    }
}
