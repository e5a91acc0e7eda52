using Edge.Privacy;

namespace Edge.Privacy.Tests;

/// <summary>The accumulator's device table with thousands of pseudonyms: counts must stay exact, bounds must hold.</summary>
public sealed class FootfallAccumulatorScaleTests
{
    private const int Devices = 2500;

    [Fact]
    public void Replay_ThousandsOfDevicesOverThreeWindows_VisitorsAndDwellMatchAnExactRecount()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        var zones = kit.Options.Zones;
        var maxCells = kit.Options.MaxCellsPerDevicePerDay;
        var maxDwellSeconds = (long)kit.Options.MaxDwell.TotalSeconds;
        var random = new Random(7);
        var events = new List<VisitEvent>();
        var expectedVisitors = new long[3, zones.Count];
        var expectedDwell = new long[3, zones.Count];
        var cellsUsed = new int[Devices];

        for (var window = 0; window < 3; window++)
        {
            for (var device = 0; device < Devices; device++)
            {
                // Zero to three closed stays in distinct zones, one after the other inside the window; a device
                // sometimes comes back to the same zone (two stays, one cell).
                var minutes = new long[zones.Count];
                var minute = random.Next(0, 10);
                var stays = random.Next(0, 4);
                for (var s = 0; s < stays; s++)
                {
                    var zone = random.Next(zones.Count);
                    var length = random.Next(1, 25);
                    if (minute + length > 59)
                    {
                        break;
                    }

                    events.Add(new VisitEvent(
                        FootfallTestKit.At(9 + window, 59), device, zones[zone],
                        FootfallTestKit.At(9 + window, minute), FootfallTestKit.At(9 + window, minute + length)));
                    minutes[zone] += length;
                    minute += length;
                }

                // The bound as the accumulator documents it: the longest stays first, ties to the earlier zone.
                var allowed = Math.Max(0, maxCells - cellsUsed[device]);
                var kept = Enumerable.Range(0, zones.Count).Where(z => minutes[z] > 0)
                    .OrderByDescending(z => minutes[z]).ThenBy(z => z).Take(allowed).ToArray();
                foreach (var zone in kept)
                {
                    expectedVisitors[window, zone]++;
                    expectedDwell[window, zone] += Math.Min(minutes[zone] * 60, maxDwellSeconds);
                }

                cellsUsed[device] += kept.Length;
            }
        }

        var tallies = kit.Replay(events, FootfallTestKit.At(12, 0));

        Assert.Equal(3, tallies.Count);
        for (var window = 0; window < 3; window++)
        {
            for (var zone = 0; zone < zones.Count; zone++)
            {
                var tally = tallies[window].Zones.Single(z => z.ZoneId == zones[zone]);
                Assert.Equal(expectedVisitors[window, zone], tally.Visitors);
                Assert.Equal(expectedDwell[window, zone], tally.DwellSeconds);
            }
        }

        Assert.True(expectedVisitors[2, 0] + expectedVisitors[2, 1] + expectedVisitors[2, 2] > 0);
        Assert.Equal(0, kit.Accumulator.DevicesInWindow);
    }

    [Fact]
    public void Record_NewKeyEpochWithThousandsInTheWindow_ForgetsThemAll()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        kit.RunTo(FootfallTestKit.At(9, 10));
        for (var device = 0; device < Devices; device++)
        {
            kit.Accumulator.Record(new ZoneVisit(FootfallTestKit.Device(device), "bakery", FootfallTestKit.At(9, 5), null));
        }

        Assert.Equal(Devices, kit.Accumulator.DevicesInWindow);

        kit.Accumulator.Record(new ZoneVisit(FootfallTestKit.Device(1, epoch: 1), "bakery", FootfallTestKit.At(9, 5), null));
        kit.RunTo(FootfallTestKit.At(10, 0));

        var window = Assert.Single(kit.Accumulator.DrainClosedWindows());
        Assert.True(window.Partial);
        Assert.Equal(1, window.Zones.Single(z => z.ZoneId == "bakery").Visitors);
    }
}
