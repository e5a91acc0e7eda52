using Edge.Contracts;
using Edge.StoreForward.Outbox;

namespace Edge.StoreForward.Tests.Outbox;

public sealed class OutboxBacklogTests
{
    [Fact]
    public void Peek_MixedClasses_AlertFirstThenOldestWithinClass()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        var window = TimeSpan.FromMinutes(1);
        outbox.Store.Append([OutboxTestKit.Health(TimeSpan.FromMinutes(1)), OutboxTestKit.Summary("press-01", OutboxTestKit.Start, window, 1, 2)]);
        outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + window, window, 3), OutboxTestKit.Alert(1, OutboxTestKit.Start)]);

        var records = outbox.Leases.Peek(10);

        Assert.Equal([PriorityClass.Alert, PriorityClass.MachineSummary, PriorityClass.MachineSummary, PriorityClass.Health], records.Select(r => r.Priority));
        Assert.True(records[1].Sequence < records[2].Sequence);
    }

    [Fact]
    public void Append_AfterReopen_SequencesContinueAndBacklogSurvives()
    {
        using var kit = new OutboxTestKit();
        long last;
        using (var outbox = kit.Open())
        {
            last = outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start), OutboxTestKit.Alert(2, OutboxTestKit.Start)])[^1];
        }

        using var reopened = kit.Open();
        var next = reopened.Store.Append([OutboxTestKit.Alert(3, OutboxTestKit.Start)])[0];

        Assert.Equal(last + 1, next);
        Assert.Equal(3, reopened.Monitor.Backlog);
        Assert.Equal(next, reopened.Monitor.LastSequence);
    }

    [Fact]
    public void Acknowledge_EveryRecord_BacklogAndBytesReturnToZero()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        var sequences = outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start), OutboxTestKit.Health(TimeSpan.Zero)]);
        Assert.True(outbox.Monitor.Bytes > 0);

        outbox.Leases.Acknowledge([.. sequences]);

        Assert.Equal(0, outbox.Monitor.Backlog);
        Assert.Equal(0, outbox.Monitor.Bytes);
        Assert.Empty(outbox.Leases.Peek(10));
    }

    [Fact]
    public void GetStatus_AfterAppends_ReportsBacklogPerClassAndAutonomy()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { MaxBytes = 1024 * 1024 });
        for (var i = 0; i < 60; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start.AddMinutes(i), TimeSpan.FromMinutes(1), i)]);
            kit.Time.Advance(TimeSpan.FromSeconds(10));
        }

        var status = outbox.Monitor.GetStatus();

        Assert.Equal(60, status.Records);
        Assert.Equal(60, OutboxTestKit.SourceRecords(status, PriorityClass.MachineSummary));
        Assert.Equal(600, status.OldestAgeSeconds!.Value, 3);
        Assert.InRange(status.AppendRatePerSecond, 0.05, 0.15);
        // About 1 MiB at ~0.1 record/s of a few hundred bytes: on the order of ten hours.
        Assert.InRange(status.HoursOfAutonomyLeft!.Value, 1, 100);
    }
}
