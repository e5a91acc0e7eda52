using Edge.StoreForward.Outbox;

namespace Edge.StoreForward.Tests.Outbox;

public sealed class OutboxLeaseTests
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);

    [Fact]
    public void Lease_WithRecordsInFlight_SkipsThemAndKeepsPriorityOrder()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        var summaries = outbox.Store.Append([.. Enumerable.Range(0, 10).Select(i => OutboxTestKit.Summary("m1", OutboxTestKit.Start + (s_window * i), s_window, i))]);
        var first = outbox.Leases.Lease(4);
        var alert = outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start)])[0];

        var second = outbox.Leases.Lease(4, first.Select(r => r.Sequence).ToHashSet());

        Assert.Equal(summaries.Take(4), first.Select(r => r.Sequence));
        Assert.Equal([alert, .. summaries.Skip(4).Take(3)], second.Select(r => r.Sequence));
    }

    [Fact]
    public void Acknowledge_ARoundInOneCall_DeletesExactlyThoseRecords()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        var summaries = outbox.Store.Append([.. Enumerable.Range(0, 10).Select(i => OutboxTestKit.Summary("m1", OutboxTestKit.Start + (s_window * i), s_window, i))]);

        outbox.Leases.Acknowledge([.. summaries.Where((_, i) => i % 2 == 0)]);

        Assert.Equal(5, outbox.Monitor.Backlog);
        Assert.Equal(summaries.Where((_, i) => i % 2 == 1), outbox.Leases.Peek(10).Select(r => r.Sequence));
    }
}
