using Edge.Privacy;

namespace Edge.Privacy.Tests;

public sealed class FootfallAccumulatorTests
{
    [Fact]
    public void Replay_QuietDay_PublishesEveryZoneOfEveryWindowWithZeros()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());

        var tallies = kit.Replay([], FootfallTestKit.At(12, 0));

        Assert.Equal(3, tallies.Count);
        Assert.All(tallies, t => Assert.Equal(["entrance", "bakery", "checkout"], t.Zones.Select(z => z.ZoneId)));
        Assert.All(tallies, t => Assert.All(t.Zones, z => Assert.Equal(0, z.Visitors)));
        Assert.All(tallies, t => Assert.False(t.Partial));
    }

    [Fact]
    public void Record_SameDeviceSeenRepeatedly_CountsOncePerCellWithClampedDwell()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        var entered = FootfallTestKit.At(9, 5);
        var events = new List<VisitEvent>();
        for (var minute = 5; minute <= 55; minute += 5)
        {
            events.Add(new VisitEvent(FootfallTestKit.At(9, minute), 1, "bakery", entered, null));
        }

        events.Add(new VisitEvent(FootfallTestKit.At(9, 20), 2, "bakery", FootfallTestKit.At(9, 10), FootfallTestKit.At(9, 20)));

        var tallies = kit.Replay(events, FootfallTestKit.At(12, 0));

        var bakery = tallies[0].Zones.Single(z => z.ZoneId == "bakery");
        Assert.Equal(2, bakery.Visitors);
        // Device 1: 50 minutes clamped to 30; device 2: 10 minutes.
        Assert.Equal((30 + 10) * 60, bakery.DwellSeconds);
    }

    [Fact]
    public void Advance_WindowCloses_DiscardsEveryDeviceState()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        kit.Time.SetUtcNow(FootfallTestKit.At(9, 10));
        kit.Accumulator.Record(new ZoneVisit(FootfallTestKit.Device(1), "entrance", FootfallTestKit.At(9, 10), null));
        Assert.Equal(1, kit.Accumulator.DevicesInWindow);

        kit.Accumulator.Advance(FootfallTestKit.At(10, 0));

        Assert.Equal(0, kit.Accumulator.DevicesInWindow);
        Assert.Single(kit.Accumulator.DrainClosedWindows());
    }

    [Fact]
    public void Advance_StartedMidWindow_MarksThatWindowPartialOnly()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        // The gateway (re)starts at 09:40: the first window it sees has run for 40 minutes without it.
        kit.Time.SetUtcNow(FootfallTestKit.At(9, 40));

        var tallies = kit.Replay([new VisitEvent(FootfallTestKit.At(9, 40), 1, "entrance", FootfallTestKit.At(9, 40), null)], FootfallTestKit.At(12, 0));

        Assert.True(tallies[0].Partial);
        Assert.False(tallies[1].Partial);
        Assert.False(tallies[2].Partial);
    }

    [Fact]
    public void Advance_TicksSecondsAfterOpening_WindowIsComplete()
    {
        // The service ticks every few seconds: a window opened at 09:00:04 was still observed from its start.
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        kit.Time.SetUtcNow(FootfallTestKit.At(8, 59, 57));
        kit.Accumulator.Advance(kit.Time.GetUtcNow());
        for (var now = FootfallTestKit.At(9, 0, 4); now < FootfallTestKit.At(10, 0, 10); now = now.AddSeconds(5))
        {
            kit.Time.SetUtcNow(now);
            kit.Accumulator.Advance(now);
        }

        Assert.False(Assert.Single(kit.Accumulator.DrainClosedWindows()).Partial);
    }

    [Fact]
    public void Advance_ClockJumpsForwardInsideAWindow_MarksItPartial()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        kit.RunTo(FootfallTestKit.At(9, 10));

        kit.Time.SetUtcNow(FootfallTestKit.At(9, 50));
        kit.Accumulator.Advance(FootfallTestKit.At(9, 50));
        var tallies = new List<WindowTally>();
        kit.RunTo(FootfallTestKit.At(11, 0), tallies);

        Assert.True(tallies[0].Partial);
        Assert.False(tallies[1].Partial);
    }

    [Fact]
    public void Record_NewKeyEpochMidWindow_DropsOldKeyCountsAndMarksPartial()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        kit.Time.SetUtcNow(FootfallTestKit.At(9, 0));
        kit.Accumulator.Advance(FootfallTestKit.At(9, 0));
        kit.Time.SetUtcNow(FootfallTestKit.At(9, 10));
        kit.Accumulator.Record(new ZoneVisit(FootfallTestKit.Device(1, epoch: 0), "entrance", FootfallTestKit.At(9, 5), null));
        kit.Accumulator.Record(new ZoneVisit(FootfallTestKit.Device(2, epoch: 0), "entrance", FootfallTestKit.At(9, 5), null));

        // The same phone under the next key: without the reset it would be counted twice in this window.
        kit.Time.SetUtcNow(FootfallTestKit.At(9, 20));
        kit.Accumulator.Record(new ZoneVisit(FootfallTestKit.Device(1, epoch: 1), "entrance", FootfallTestKit.At(9, 5), null));
        kit.Accumulator.Record(new ZoneVisit(FootfallTestKit.Device(3, epoch: 0), "entrance", FootfallTestKit.At(9, 5), null));
        kit.Accumulator.Advance(FootfallTestKit.At(10, 0));

        var window = Assert.Single(kit.Accumulator.DrainClosedWindows());
        Assert.True(window.Partial);
        Assert.Equal(1, window.Zones.Single(z => z.ZoneId == "entrance").Visitors);
        Assert.Equal(1, kit.Counters.Get(PrivacyCounter.StaleKeyVisits));
    }

    [Fact]
    public void Step_KeyRotatesDuringAnEmptyWindow_MarksItPartialAnyway()
    {
        // Rotation at 10:30, inside opening hours: the partial flag must not depend on whether anyone was there.
        var options = FootfallTestKit.DefaultOptions();
        options.KeyRotationTime = new TimeOnly(10, 30);
        using var kit = new FootfallTestKit(options);
        using var pseudonymizer = new Pseudonymizer(kit.Time, Microsoft.Extensions.Options.Options.Create(options));
        var service = kit.Service(pseudonymizer);
        for (var now = FootfallTestKit.At(8, 55); now <= FootfallTestKit.At(12, 0); now = now.AddMinutes(1))
        {
            kit.Time.SetUtcNow(now);
            service.Step();
        }

        var cells = kit.Ledger.CellsOf(FootfallTestKit.Day);
        Assert.All(cells.Where(c => c.WindowIndex == 1), c => Assert.True(c.Partial));
        Assert.All(cells.Where(c => c.WindowIndex != 1), c => Assert.False(c.Partial));
        Assert.Equal(1, pseudonymizer.Epoch);
    }

    [Fact]
    public void Record_UnknownZoneOrOutsideHours_IsDroppedAndCounted()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());

        var tallies = kit.Replay(
            [
                new VisitEvent(FootfallTestKit.At(8, 30), 1, "entrance", FootfallTestKit.At(8, 30), null),
                new VisitEvent(FootfallTestKit.At(9, 30), 2, "car-park", FootfallTestKit.At(9, 30), null),
            ],
            FootfallTestKit.At(12, 0));

        Assert.All(tallies, t => Assert.All(t.Zones, z => Assert.Equal(0, z.Visitors)));
        Assert.Equal(1, kit.Counters.Get(PrivacyCounter.NotCollectingSightings));
        Assert.Equal(1, kit.Counters.Get(PrivacyCounter.UnknownZoneVisits));
    }

    [Fact]
    public void Replay_AdversarialDeviceInEveryWindowOfRandomDays_ContributesAtMostKPerDayAndOnePerCell()
    {
        // Property test over seeded random stores and days: whatever the background and the configuration, adding
        // one device that is everywhere all day changes each cell by at most 1 visitor and MaxDwell seconds, and
        // at most K cells in total.
        var random = new Random(2026);
        for (var trial = 0; trial < 60; trial++)
        {
            var zones = Enumerable.Range(0, random.Next(1, 5)).Select(z => $"zone-{z}").ToArray();
            var options = FootfallTestKit.DefaultOptions(zones);
            options.ClosingTime = new TimeOnly(9 + random.Next(1, 6), 0);
            options.Window = TimeSpan.FromMinutes(new[] { 15, 30, 60 }[random.Next(3)]);
            options.MaxCellsPerDevicePerDay = random.Next(1, 7);
            options.MaxDwell = TimeSpan.FromMinutes(random.Next(1, 31));
            var close = FootfallTestKit.At(options.ClosingTime.Hour, 0);
            var background = RandomVisits(random, zones, close).ToList();
            var adversary = Everywhere(zones, close, step: TimeSpan.FromMinutes(random.Next(1, 10))).ToList();

            using var kitWithout = new FootfallTestKit(options);
            using var kitWith = new FootfallTestKit(options);
            var without = kitWithout.Replay(background, close);
            var with = kitWith.Replay(background.Concat(adversary), close);

            Assert.Equal(without.Count, with.Count);
            long cellsChanged = 0;
            for (var w = 0; w < without.Count; w++)
            {
                for (var z = 0; z < zones.Length; z++)
                {
                    var visitors = with[w].Zones[z].Visitors - without[w].Zones[z].Visitors;
                    var dwell = with[w].Zones[z].DwellSeconds - without[w].Zones[z].DwellSeconds;
                    Assert.InRange(visitors, 0, 1);
                    Assert.InRange(dwell, 0, (long)options.MaxDwell.TotalSeconds);
                    cellsChanged += visitors;
                }
            }

            Assert.InRange(cellsChanged, 1, options.MaxCellsPerDevicePerDay);
        }
    }

    private static IEnumerable<VisitEvent> RandomVisits(Random random, string[] zones, DateTimeOffset close)
    {
        var open = FootfallTestKit.At(9, 0);
        var minutes = (int)(close - open).TotalMinutes;
        for (var device = 1; device <= random.Next(0, 40); device++)
        {
            var entered = open.AddMinutes(random.Next(minutes));
            var left = entered.AddMinutes(random.Next(1, 50));
            var zone = zones[random.Next(zones.Length)];
            yield return new VisitEvent(entered, device, zone, entered, null);
            if (left < close)
            {
                yield return new VisitEvent(left, device, zone, entered, left);
            }
        }
    }

    private static IEnumerable<VisitEvent> Everywhere(string[] zones, DateTimeOffset close, TimeSpan step)
    {
        var open = FootfallTestKit.At(9, 0);
        for (var t = open; t < close; t += step)
        {
            foreach (var zone in zones)
            {
                yield return new VisitEvent(t, 100_000, zone, open, null);
            }
        }
    }
}
