using System.Text;
using Edge.Beacons;
using Edge.Beacons.Configuration;
using Edge.TestKit;

namespace Edge.Beacons.Tests;

public sealed class IngestFuzzTests
{
    [Fact]
    public void TryHandle_MutatedScannerMessages_NeverThrowAndAreCounted()
    {
        var options = new FootfallOptions();
        options.Scanners["gw"] = "front";
        options.Scanners["kitchen"] = "back";
        options.StoreBeacons.Add(new StoreBeaconOptions { Name = "oven", Namespace = "00010203040506070809", Instance = "AABBCCDDEEFF" });
        using var rig = new BeaconRig(options);
        var seeds = new[]
        {
            Messages.OpenMqttGateway("gw", "4A:11:22:33:44:55", -60, $"\"manufacturerdata\":\"{Convert.ToHexStringLower(Frames.IBeaconManufacturerData())}\""),
            Messages.OpenMqttGateway("gw", "C0:11:22:33:44:03", -70, $"\"servicedatauuid\":\"0xfeaa\",\"servicedata\":\"{Convert.ToHexStringLower(Frames.EddystoneTlmFrame(3000, 0, 1, 2))}\""),
            Messages.OpenMqttGateway("gw", "4A:11:22:33:44:56", -60, $"\"uuid\":\"{Frames.Uuid}\",\"major\":1,\"minor\":2,\"txpower\":-59"),
            Messages.Espresense("kitchen", $"iBeacon:{Frames.Uuid}-1-2", "4a1122334457", -65, 1.5),
            Messages.Espresense("kitchen", "apple:1005:9-26", "4a1122334458", -65),
        };
        var random = new Random(6);
        for (var i = 0; i < 20_000; i++)
        {
            var (topic, payload) = seeds[random.Next(seeds.Length)];
            var mutated = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload)).ToList();
            for (var m = random.Next(1, 4); m > 0 && mutated.Count > 0; m--)
            {
                var at = random.Next(mutated.Count);
                switch (random.Next(3))
                {
                    case 0:
                        mutated[at] = (byte)random.Next(32, 127);
                        break;
                    case 1:
                        mutated.RemoveRange(at, mutated.Count - at);
                        break;
                    default:
                        mutated.Insert(at, (byte)"{}[]\":,-0x"[random.Next(10)]);
                        break;
                }
            }

            Assert.True(rig.Ingest.TryHandle(topic, mutated.ToArray()));
            if (i % 100 == 0)
            {
                rig.AdvanceTo(rig.Time.GetUtcNow().AddSeconds(1));
            }
        }

        rig.Drain();
        Assert.Equal(20_000, rig.Counters.Messages);
        Assert.True(rig.Counters.MalformedMessages > 1000, $"{rig.Counters.MalformedMessages} malformed");
        Assert.True(rig.Counters.Accepted > 100, $"{rig.Counters.Accepted} accepted");
    }
}
