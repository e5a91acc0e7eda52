using Edge.Beacons.Zones;
using Edge.TestKit;
using Edge.Tools.Beacons;

namespace Edge.Tools.Tests.Beacons;

/// <summary>The gateway's zone loop, resting or not between batches, zones every sighting ingest queued.</summary>
public sealed class ZoneLoopTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task ZoneLoop_WhileIngestFeeds_ZonesEverySightingQueued(int pauseMilliseconds)
    {
        using var rig = new BeaconBenchRig(300, zoneLoopPause: TimeSpan.FromMilliseconds(pauseMilliseconds));
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(() => BeaconPipelineService.ZoneLoopAsync(rig.Pipeline, rig.Footfall.ZoneLoopPause, stop.Token));
        var messages = BeaconBenchRig.Messages(0, 300);

        for (var round = 0; round < 5; round++)
        {
            rig.Clock.Advance(TimeSpan.FromSeconds(1));
            BeaconBenchmark.Feed(rig, messages);
        }

        await Eventually.WaitAsync(() => rig.Counters.Zoned >= rig.Counters.Accepted, TimeSpan.FromSeconds(10), "the zone loop has zoned every queued sighting");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.True(rig.Counters.Accepted >= 5 * 300, $"{rig.Counters.Accepted} sightings queued");
        Assert.Equal(rig.Counters.Accepted, rig.Counters.Zoned);
        Assert.Equal(0, rig.Counters.QueueFull);
    }
}
