using Edge.Beacons;
using Edge.Beacons.Configuration;
using Edge.TestKit;

namespace Edge.Beacons.Tests;

public sealed class FootfallOptionsValidatorTests
{
    private static IEnumerable<string> Failures(FootfallOptions options) =>
        new FootfallOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new FootfallOptions();
        options.Scanners["gw"] = "entrance";

        Assert.Empty(Failures(options));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Validate_ZoneLoopPauseOutOfRange_Fails(int milliseconds)
    {
        var options = new FootfallOptions { ZoneLoopPause = TimeSpan.FromMilliseconds(milliseconds) };

        Assert.Contains(Failures(options), f => f.StartsWith("Footfall:ZoneLoopPause", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ZoneShapedLikeMac_FailsNamingTheKey()
    {
        var options = new FootfallOptions();
        options.Scanners["gw"] = "AA:BB:CC:DD:EE:FF";

        Assert.Contains(Failures(options), f => f.Contains("Footfall:Scanners:gw", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_StoreBeaconWithBothIdentities_Fails()
    {
        var options = new FootfallOptions();
        options.StoreBeacons.Add(new StoreBeaconOptions { Name = "door", Uuid = Frames.Uuid, Major = 1, Minor = 2, Namespace = "00010203040506070809", Instance = "AABBCCDDEEFF" });
        options.StoreBeacons.Add(new StoreBeaconOptions { Name = "shelf", Uuid = "not-a-uuid", Major = 1, Minor = 2 });
        options.StoreBeacons.Add(new StoreBeaconOptions { Name = "oven", Namespace = "0001", Instance = "AABBCCDDEEFF" });

        var failures = Failures(options).ToList();

        Assert.Contains(failures, f => f.StartsWith("Footfall:StoreBeacons:0 ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Footfall:StoreBeacons:1:Uuid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Footfall:StoreBeacons:2:Namespace", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ConfirmNotShorterThanTimeoutAndBadExponent_Fail()
    {
        var options = new FootfallOptions { ConfirmAfter = TimeSpan.FromMinutes(5), PathLossExponent = 9 };

        var failures = Failures(options).ToList();

        Assert.Contains(failures, f => f.Contains("Footfall:ConfirmAfter", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Footfall:PathLossExponent", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LocalRadioScannerNotMapped_Fails()
    {
        var options = new FootfallOptions { LocalRadioCapturePath = "/run/edge/hci", LocalRadioScannerId = "pi" };

        Assert.Contains(Failures(options), f => f.Contains("Footfall:LocalRadioScannerId", StringComparison.Ordinal));
    }
}
