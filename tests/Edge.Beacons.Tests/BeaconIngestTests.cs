using Edge.Beacons;
using Edge.Beacons.Configuration;
using Edge.Beacons.Inputs;
using Edge.TestKit;

namespace Edge.Beacons.Tests;

public sealed class BeaconIngestTests : IDisposable
{
    private readonly BeaconRig _rig;

    public BeaconIngestTests()
    {
        var options = new FootfallOptions();
        options.Scanners["gw-front"] = "front";
        options.Scanners["gw-back"] = "back";
        options.Scanners["kitchen"] = "back";
        options.StoreBeacons.Add(new StoreBeaconOptions { Name = "door", Uuid = Frames.Uuid, Major = 10, Minor = 1 });
        options.StoreBeacons.Add(new StoreBeaconOptions { Name = "oven", Namespace = "00010203040506070809", Instance = "AABBCCDDEEFF" });
        _rig = new BeaconRig(options);
    }

    public void Dispose() => _rig.Dispose();

    private void Publish((string Topic, byte[] Payload) message) => Assert.True(_rig.Ingest.TryHandle(message.Topic, message.Payload));

    private void Seconds(int seconds) => _rig.AdvanceTo(_rig.Time.GetUtcNow().AddSeconds(seconds));

    [Fact]
    public void TryHandle_OpenMqttGatewayPhoneSeenTwice_BecomesOneVisitInItsZone()
    {
        Publish(Messages.OpenMqttGateway("gw-front", "4A:11:22:33:44:55", -60, "\"manufacturerdata\":\"4c0010050b1c\""));
        Seconds(2);
        Publish(Messages.OpenMqttGateway("gw-front", "4A:11:22:33:44:55", -61));
        Seconds(8);

        var front = Assert.Single(_rig.Tracker.Snapshot(), z => z.ZoneId == "front");
        Assert.Equal(1, front.VisitorsEstimate);
        var visit = Assert.Single(_rig.Sink.Visits);
        Assert.Equal("front", visit.ZoneId);
        Assert.Null(visit.Left);
    }

    [Fact]
    public void TryHandle_EspresenseDevice_BecomesVisitInRoomZone()
    {
        Publish(Messages.Espresense("kitchen", "apple:1005:9-26", "4a1122334466", -65, 1.5));
        Seconds(2);
        Publish(Messages.Espresense("kitchen", "apple:1005:9-26", "4a1122334466", -64, 1.4));
        Seconds(8);

        Assert.Equal(1, Assert.Single(_rig.Tracker.Snapshot(), z => z.ZoneId == "back").VisitorsEstimate);
    }

    [Fact]
    public void TryHandle_AllowListedIBeacon_IsHealthNotFootfall()
    {
        var manufacturer = Convert.ToHexStringLower(Frames.IBeaconManufacturerData(10, 1));
        Publish(Messages.OpenMqttGateway("gw-back", "C0:11:22:33:44:01", -70, $"\"manufacturerdata\":\"{manufacturer}\""));
        Publish(Messages.Espresense("kitchen", $"iBeacon:{Frames.Uuid}-10-1", "c01122334401", -72));
        Seconds(10);

        Assert.Equal(0, _rig.Tracker.TrackedDevices);
        Assert.Empty(_rig.Sink.Visits);
        Assert.Equal(2, _rig.Counters.StoreBeaconSightings);
        var door = Assert.Single(_rig.StoreBeacons.Snapshot(_rig.Time.GetUtcNow()), b => b.Name == "door");
        Assert.False(door.Missing);
        Assert.Equal("back", door.LastZoneId);
    }

    [Fact]
    public void TryHandle_EddystoneUidThenTlmFromSameAddress_ReportsBatteryThenMissing()
    {
        var uid = Convert.ToHexStringLower(Frames.EddystoneUidFrame());
        var tlm = Convert.ToHexStringLower(Frames.EddystoneTlmFrame(2450, 0x1A80, 10, 20));
        Publish(Messages.OpenMqttGateway("gw-front", "C0:11:22:33:44:03", -75, $"\"servicedatauuid\":\"0xfeaa\",\"servicedata\":\"{uid}\""));
        Publish(Messages.OpenMqttGateway("gw-front", "C0:11:22:33:44:03", -75, $"\"servicedatauuid\":\"0xfeaa\",\"servicedata\":\"{tlm}\""));

        var oven = Assert.Single(_rig.StoreBeacons.Snapshot(_rig.Time.GetUtcNow()), b => b.Name == "oven");
        Assert.Equal(2450, oven.BatteryMillivolts);
        Assert.Equal(26.5, oven.TemperatureCelsius);
        Assert.Equal(0, _rig.Tracker.TrackedDevices + _rig.Pipeline.ProcessPending());

        _rig.Time.Advance(_rig.Options.StoreBeaconMissingAfter + TimeSpan.FromSeconds(1));
        Assert.True(Assert.Single(_rig.StoreBeacons.Snapshot(_rig.Time.GetUtcNow()), b => b.Name == "oven").Missing);
        Assert.True(Assert.Single(_rig.StoreBeacons.Snapshot(_rig.Time.GetUtcNow()), b => b.Name == "door").Missing);
    }

    [Fact]
    public void HealthWarnings_LowBatteryOfflineScannerMissingBeacon_AreListed()
    {
        var tlm = Convert.ToHexStringLower(Frames.EddystoneTlmFrame(2100, 0x1A80, 10, 20));
        var uid = Convert.ToHexStringLower(Frames.EddystoneUidFrame());
        Publish(Messages.OpenMqttGateway("gw-front", "C0:11:22:33:44:03", -75, $"\"servicedatauuid\":\"0xfeaa\",\"servicedata\":\"{uid}\""));
        Publish(Messages.OpenMqttGateway("gw-front", "C0:11:22:33:44:03", -75, $"\"servicedatauuid\":\"0xfeaa\",\"servicedata\":\"{tlm}\""));
        Publish(("espresense/rooms/kitchen/status", "offline"u8.ToArray()));

        var warnings = _rig.Status.HealthWarnings(_rig.Options.LowBatteryMillivolts);

        Assert.Contains("store beacon oven battery low (2100 mV)", warnings);
        Assert.Contains("store beacon door missing", warnings);
        Assert.Contains("beacon scanner kitchen offline", warnings);
        Assert.Contains("beacon scanner gw-back offline", warnings);
        Assert.DoesNotContain(warnings, w => w.Contains("gw-front", StringComparison.Ordinal));
    }

    [Fact]
    public void TryHandle_StatusMessages_TrackScannerOnlineState()
    {
        Publish(("espresense/rooms/kitchen/status", "offline"u8.ToArray()));
        Publish(("home/gw-front/LWT", "online"u8.ToArray()));

        var scanners = _rig.Scanners.Snapshot(_rig.Time.GetUtcNow()).ToDictionary(s => s.ScannerId);
        Assert.False(scanners["kitchen"].Online);
        Assert.True(scanners["gw-front"].Online);
        Assert.False(scanners["gw-back"].Online);

        Publish(("espresense/rooms/kitchen/status", "online"u8.ToArray()));
        Publish(Messages.OpenMqttGateway("gw-back", "4A:11:22:33:44:55", -60));
        scanners = _rig.Scanners.Snapshot(_rig.Time.GetUtcNow()).ToDictionary(s => s.ScannerId);
        Assert.True(scanners["kitchen"].Online);
        Assert.True(scanners["gw-back"].Online);

        _rig.Time.Advance(_rig.Options.ScannerOfflineAfter + TimeSpan.FromSeconds(1));
        Assert.False(_rig.Scanners.Snapshot(_rig.Time.GetUtcNow()).Single(s => s.ScannerId == "gw-back").Online);
    }

    [Fact]
    public void TryHandle_UnknownScanner_CountedAndListedNotTracked()
    {
        Publish(Messages.OpenMqttGateway("gw-neighbour", "4A:11:22:33:44:55", -60));

        Assert.Equal(1, _rig.Counters.UnknownScanner);
        Assert.Equal(["gw-neighbour"], _rig.Scanners.UnknownScanners());
        Assert.Equal(0, _rig.Pipeline.ProcessPending());
    }

    [Fact]
    public void TryHandle_RepeatWithinThrottle_IsDeduplicated()
    {
        for (var i = 0; i < 5; i++)
        {
            Publish(Messages.OpenMqttGateway("gw-front", "4A:11:22:33:44:55", -60));
        }

        Publish(Messages.OpenMqttGateway("gw-back", "4A:11:22:33:44:55", -60));

        Assert.Equal(4, _rig.Counters.Deduplicated);
        Assert.Equal(2, _rig.Pipeline.ProcessPending());
    }

    [Fact]
    public void TryHandle_WeakOrDistant_Filtered()
    {
        Publish(Messages.OpenMqttGateway("gw-front", "4A:11:22:33:44:55", -97));
        Publish(Messages.Espresense("kitchen", "apple:1005:9-26", "4a1122334466", -80, 25.0));
        Publish(Messages.OpenMqttGateway("gw-front", "4A:11:22:33:44:77", -89, "\"txpower\":-59"));

        Assert.Equal(1, _rig.Counters.FilteredWeak);
        Assert.Equal(2, _rig.Counters.FilteredFar);
        Assert.Equal(0, _rig.Pipeline.ProcessPending());
    }

    [Fact]
    public void TryHandle_QueueFull_DropsAndCounts()
    {
        _rig.Options.QueueCapacity = 2;
        using var small = new BeaconRig(_rig.Options);
        for (var i = 0; i < 5; i++)
        {
            var message = Messages.OpenMqttGateway("gw-front", $"4A:11:22:33:44:{i:X2}", -60);
            small.Ingest.TryHandle(message.Topic, message.Payload);
        }

        Assert.Equal(3, small.Counters.QueueFull);
        Assert.Equal(2, small.Counters.Accepted);
    }

    [Theory]
    [InlineData("{\"id\":\"4A:11:22:33:44:55\"}")]
    [InlineData("{\"rssi\":\"strong\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"id\":\"4A:11\",\"rssi\":-60")]
    [InlineData("")]
    public void TryHandle_MalformedOpenMqttGatewayPayload_CountedNotThrown(string payload)
    {
        Assert.True(_rig.Ingest.TryHandle("home/gw-front/BTtoMQTT/zz", System.Text.Encoding.UTF8.GetBytes(payload)));

        Assert.Equal(1, _rig.Counters.MalformedMessages);
        Assert.Equal(0, _rig.Pipeline.ProcessPending());
    }

    [Theory]
    [InlineData("devices/press-01/telemetry", false)]
    [InlineData("home/gw/BTtoMQTT/AABBCCDDEEFF", true)]
    [InlineData("home/gw/BTtoMQTT", false)]
    [InlineData("home/gw/LWT", true)]
    [InlineData("espresense/devices/x/kitchen", true)]
    [InlineData("espresense/rooms/kitchen/status", true)]
    [InlineData("espresense/rooms/kitchen/set", false)]
    public void IsBeaconTopic_Topic_ClaimsOnlyScannerTopics(string topic, bool expected)
    {
        Assert.Equal(expected, BeaconIngest.IsBeaconTopic(topic));
    }
}
