using Edge.Beacons;
using Edge.Beacons.Configuration;

namespace Edge.Beacons.Tests;

/// <summary>The counters a load test (or an operator) reads to know every sighting was dealt with: handled and zoned.</summary>
public sealed class BeaconProgressCounterTests : IDisposable
{
    private readonly BeaconRig _rig;

    public BeaconProgressCounterTests()
    {
        var options = new FootfallOptions();
        options.Scanners["gw-front"] = "front";
        _rig = new BeaconRig(options);
    }

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void Handled_EveryKindOfSighting_CountsEachOnceWhetherQueuedOrDropped()
    {
        var messages = new[]
        {
            Messages.OpenMqttGateway("gw-front", "4A:11:22:33:44:55", -60, "\"manufacturerdata\":\"4c0010050b1c\""),
            Messages.OpenMqttGateway("gw-front", "4A:11:22:33:44:55", -60),
            Messages.OpenMqttGateway("gw-front", "4A:11:22:33:44:66", -99),
            Messages.OpenMqttGateway("unknown-scanner", "4A:11:22:33:44:77", -60),
            ("home/gw-front/BTtoMQTT/4A1122334488", "{not json"u8.ToArray()),
        };

        foreach (var (topic, payload) in messages)
        {
            Assert.True(_rig.Ingest.TryHandle(topic, payload));
        }

        Assert.Equal(messages.Length, _rig.Counters.Handled);
        Assert.Equal(1, _rig.Counters.Accepted);
        Assert.Equal(1, _rig.Counters.Deduplicated);
        Assert.Equal(1, _rig.Counters.FilteredWeak);
        Assert.Equal(1, _rig.Counters.UnknownScanner);
        Assert.Equal(1, _rig.Counters.MalformedMessages);
    }

    [Fact]
    public void Zoned_AfterTheZoneLoopDrains_CatchesUpWithAccepted()
    {
        foreach (var mac in new[] { "4A:11:22:33:44:55", "4A:11:22:33:44:56" })
        {
            var (topic, payload) = Messages.OpenMqttGateway("gw-front", mac, -60);
            _rig.Ingest.TryHandle(topic, payload);
        }

        Assert.Equal(0, _rig.Counters.Zoned);

        _rig.Pipeline.ProcessPending();

        Assert.Equal(2, _rig.Counters.Accepted);
        Assert.Equal(2, _rig.Counters.Zoned);
        Assert.Equal(2L, _rig.Status.Build().Counters["zoned"]);
        Assert.Equal(2L, _rig.Status.Build().Counters["handled"]);
    }
}
