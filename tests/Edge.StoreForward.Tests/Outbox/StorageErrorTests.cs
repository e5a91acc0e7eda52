using Edge.Contracts;
using Edge.StoreForward.Outbox;

namespace Edge.StoreForward.Tests.Outbox;

public sealed class StorageErrorTests
{
    [Fact]
    public void Append_DiskFull_KeepsRunningHoldsRecordsAndCommitsThemWhenSpaceReturns()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        outbox.Store.Append([OutboxTestKit.Alert(0, OutboxTestKit.Start)]);
        var pages = new FileInfo(kit.OutboxPath).Length / 4096;
        // SQLite reports SQLITE_FULL once the file would pass this many pages: a full disk without filling one.
        outbox.LimitPages(pages + 2);

        var sequences = new List<long>();
        for (var i = 1; i <= 300; i++)
        {
            sequences.AddRange(outbox.Store.Append([OutboxTestKit.Alert(i, OutboxTestKit.Start)]));
        }

        var full = outbox.Monitor.GetStatus();
        Assert.Contains(0L, sequences);
        Assert.True(full.Spilled > 0);
        Assert.Contains(full.Warnings, w => w.Contains("refuses", StringComparison.Ordinal));

        outbox.LimitPages(1_000_000);
        outbox.Maintenance.Maintain();

        var recovered = outbox.Monitor.GetStatus();
        Assert.Equal(0, recovered.Spilled);
        Assert.Equal(301, recovered.Records);
        Assert.DoesNotContain(recovered.Warnings, w => w.Contains("refuses", StringComparison.Ordinal));
        var alertIds = outbox.Leases.Peek(1000).Select(r => System.Text.Json.JsonSerializer.Deserialize(r.Payload.Span, ContractsJsonContext.Default.UplinkMessage))
            .Cast<FailureAlert>().Select(a => a.AlertId).ToHashSet();
        Assert.Equal(301, alertIds.Count);
    }

    [Fact]
    public void Append_DiskFullWithSummaries_FreesRoomByPolicyAndCountsWhatItDrops()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { SpillCapacity = 16, MaxMergedWindows = 2 });
        var window = TimeSpan.FromMinutes(1);
        for (var i = 0; i < 100; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (window * i), window, i)]);
        }

        outbox.LimitPages(new FileInfo(kit.OutboxPath).Length / 4096);
        for (var i = 100; i < 400; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (window * i), window, i)]);
        }

        var status = outbox.Monitor.GetStatus();
        var stored = OutboxTestKit.SourceRecords(status, PriorityClass.MachineSummary);
        Assert.Equal(400, stored + status.Spilled + OutboxTestKit.Dropped(status, PriorityClass.MachineSummary));
        Assert.True(stored > 100, "freed pages were reused for new records");
    }
}
