using Edge.Contracts;
using Edge.StoreForward.Outbox;

namespace Edge.StoreForward.Tests.Outbox;

public sealed class TimeToLiveAndClockTests
{
    [Fact]
    public void Maintain_PastTimeToLive_ExpiresOnlyThatClassAndCountsIt()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { HealthTimeToLive = TimeSpan.FromHours(1), MachineSummaryTimeToLive = TimeSpan.FromDays(7) });
        outbox.Store.Append([OutboxTestKit.Health(TimeSpan.Zero), OutboxTestKit.Alert(1, OutboxTestKit.Start), OutboxTestKit.Summary("press-01", OutboxTestKit.Start, TimeSpan.FromMinutes(1), 1)]);

        kit.Time.Advance(TimeSpan.FromHours(2));
        var expired = outbox.Maintenance.Maintain();

        var status = outbox.Monitor.GetStatus();
        Assert.Equal(1, expired);
        Assert.Equal(2, status.Records);
        Assert.Equal(1, status.Classes.Single(c => c.Class == nameof(PriorityClass.Health)).Dropped[nameof(DropReason.Expired)]);
        Assert.Contains(status.Warnings, w => w.Contains("Expired", StringComparison.Ordinal));
    }

    [Fact]
    public void Maintain_AlertsAfterAYear_NeverExpire()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { AlertTimeToLive = TimeSpan.Zero });
        outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start)]);

        kit.Time.Advance(TimeSpan.FromDays(365));

        Assert.Equal(0, outbox.Maintenance.Maintain());
        Assert.Equal(1, outbox.Monitor.Backlog);
    }

    [Fact]
    public void Append_ClockIn1970_FlagsUnsynchronizedAndNeverExpiresByAge()
    {
        using var kit = new OutboxTestKit();
        var clock = new SteppedClock(DateTimeOffset.UnixEpoch.AddMinutes(3));
        using var outbox = kit.Open(new OutboxOptions { HealthTimeToLive = TimeSpan.FromHours(1) }, clock);
        outbox.Store.Append([OutboxTestKit.Health(TimeSpan.FromMinutes(3))]);

        // NTP steps the clock 56 years forward: the record's age is unknown, not 56 years.
        clock.Now = OutboxTestKit.Start;
        outbox.Maintenance.Maintain();

        var record = Assert.Single(outbox.Leases.Peek(10));
        Assert.False(record.ClockSynchronized);
        Assert.Contains(outbox.Monitor.Warnings, w => w.Contains("clock", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Append_ClockStepsBackAndForward_SequencesStrictlyIncreaseNothingLostOrDoubled()
    {
        using var kit = new OutboxTestKit();
        var clock = new SteppedClock(OutboxTestKit.Start);
        using var outbox = kit.Open(null, clock);
        var sequences = new List<long>();
        TimeSpan[] steps = [TimeSpan.FromHours(-5), TimeSpan.FromDays(2), TimeSpan.FromDays(-3), TimeSpan.FromHours(7)];
        for (var i = 0; i < 40; i++)
        {
            if (i % 10 == 9)
            {
                clock.Now += steps[i / 10];
            }

            sequences.AddRange(outbox.Store.Append([OutboxTestKit.Summary("press-01", clock.Now, TimeSpan.FromMinutes(1), i)]));
            outbox.Maintenance.Maintain();
        }

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(40, sequences.Distinct().Count());
        Assert.Equal(40, outbox.Monitor.Backlog);
        Assert.All(outbox.Leases.Peek(100), r => Assert.True(r.ClockSynchronized));
    }
}
