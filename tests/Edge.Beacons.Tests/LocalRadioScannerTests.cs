using Edge.Beacons;
using Edge.Beacons.Configuration;
using Edge.Beacons.Inputs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Beacons.Tests;

public sealed class LocalRadioScannerTests
{
    private static string Capture => Path.Combine(AppContext.BaseDirectory, "Captures", "hcidump-store.txt");

    [Fact]
    public async Task RunAsync_RecordedHcidumpCapture_FeedsPersonsAndStoreBeaconHealth()
    {
        var options = new FootfallOptions();
        options.Scanners["pi"] = "front";
        options.StoreBeacons.Add(new StoreBeaconOptions { Name = "oven", Namespace = "00010203040506070809", Instance = "AABBCCDDEEFF" });
        using var rig = new BeaconRig(options);
        var scanner = new LocalRadioScanner(rig.Gate, Options.Create(options), rig.Time, NullLogger<LocalRadioScanner>.Instance);
        using var reader = new StreamReader(Capture);

        var reports = await scanner.RunAsync(reader, "pi", CancellationToken.None);

        // Five advertising reports; the command, the command-complete event and the truncated event are not reports.
        Assert.Equal(5, reports);
        var oven = Assert.Single(rig.StoreBeacons.Snapshot(rig.Time.GetUtcNow()));
        Assert.Equal(3000, oven.BatteryMillivolts);
        Assert.Equal(21.5, oven.TemperatureCelsius);
        Assert.Equal(2, rig.Counters.StoreBeaconSightings);
        Assert.Equal(1, rig.Counters.Deduplicated);
        Assert.Equal(2, rig.Pipeline.ProcessPending());
        Assert.Equal(2, rig.Tracker.TrackedDevices);
    }

    [Fact]
    public async Task ReadPacketsAsync_Capture_ReturnsOnlyIncomingPackets()
    {
        using var reader = new StreamReader(Capture);
        var packets = new List<byte[]>();
        await foreach (var packet in HciDumpReader.ReadPacketsAsync(reader, CancellationToken.None))
        {
            packets.Add(packet);
        }

        Assert.Equal(7, packets.Count);
        Assert.All(packets, p => Assert.Equal(0x04, p[0]));
        Assert.Equal(0x0E, packets[0][1]);
    }
}
