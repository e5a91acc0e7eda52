using System.Text.Json;
using Edge.Contracts;
using Edge.StoreForward.Outbox;

namespace Edge.StoreForward.Tests.Outbox;

public sealed class OverflowPolicyTests
{
    private const long Cap = 64 * 1024;
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);

    [Fact]
    public void Append_OverCap_MergesOldestSummariesFirstWithExactStatistics()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { MaxBytes = Cap });
        const int windows = 400;
        for (var i = 0; i < windows; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i, i + 0.5)]);
        }

        var status = outbox.Monitor.GetStatus();
        var summaries = ReadAll(outbox).Cast<MachineSummary>().ToList();

        Assert.True(status.Bytes <= Cap);
        Assert.Equal(0, OutboxTestKit.Dropped(status, PriorityClass.MachineSummary));
        Assert.Equal(windows, summaries.Sum(s => s.MergedWindows));
        Assert.True(summaries.Count < windows);
        Assert.True(summaries[0].MergedWindows > 1, "the oldest windows are merged");
        Assert.Equal(1, summaries[^1].MergedWindows);
        // Every reading is still accounted for, in order, with exact statistics.
        Assert.Equal(windows * 2, summaries.Sum(s => s.Sensors[0].Count));
        var expected = OutboxTestKit.Summary("all", OutboxTestKit.Start, s_window, [.. Enumerable.Range(0, windows).SelectMany(i => new[] { i, i + 0.5 })]).Sensors[0];
        var combined = summaries.Skip(1).Aggregate(summaries[0], SummaryMerger.Merge).Sensors[0];
        Assert.Equal(expected.Mean, combined.Mean, 9);
        Assert.Equal(expected.StandardDeviation, combined.StandardDeviation, 9);
        Assert.Equal(0, combined.Min);
        Assert.Equal(windows - 0.5, combined.Max);
        for (var i = 1; i < summaries.Count; i++)
        {
            Assert.Equal(summaries[i - 1].WindowEnd, summaries[i].WindowStart);
        }
    }

    [Fact]
    public void Append_OverCapWithMergingExhausted_DropsHealthBeforeSummariesAndNeverAlerts()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { MaxBytes = Cap, MaxMergedWindows = 2 });
        for (var i = 0; i < 40; i++)
        {
            outbox.Store.Append([OutboxTestKit.Health(TimeSpan.FromMinutes(i)), OutboxTestKit.Alert(i, OutboxTestKit.Start)]);
        }

        var healthDroppedBeforeSummaries = false;
        for (var i = 0; i < 2000; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i)]);
            var status = outbox.Monitor.GetStatus();
            if (OutboxTestKit.Dropped(status, PriorityClass.MachineSummary) > 0)
            {
                healthDroppedBeforeSummaries = OutboxTestKit.Dropped(status, PriorityClass.Health) == 40;
                break;
            }
        }

        var final = outbox.Monitor.GetStatus();
        Assert.True(healthDroppedBeforeSummaries, "every health record goes before the first summary");
        Assert.Equal(40, OutboxTestKit.SourceRecords(final, PriorityClass.Alert));
        Assert.Equal(0, OutboxTestKit.Dropped(final, PriorityClass.Alert));
        Assert.Contains(final.Warnings, w => w.Contains("dropped", StringComparison.Ordinal));
        Assert.True(final.Bytes <= Cap);
    }

    [Fact]
    public void Append_OnlyAlertsOverCap_KeepsEveryAlertAndWarns()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { MaxBytes = Cap });
        for (var i = 0; i < 400; i++)
        {
            outbox.Store.Append([OutboxTestKit.Alert(i, OutboxTestKit.Start)]);
        }

        var status = outbox.Monitor.GetStatus();
        Assert.True(status.Bytes > Cap);
        Assert.Equal(400, status.Records);
        Assert.Contains(status.Warnings, w => w.Contains("Alerts", StringComparison.Ordinal));
    }

    [Fact]
    public void Append_MixedLoadOverCap_EverySourceRecordDeliveredKeptOrCounted()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { MaxBytes = Cap, MaxMergedWindows = 8 });
        var random = new Random(8);
        var appended = new long[4];
        var delivered = new long[4];
        for (var i = 0; i < 3000; i++)
        {
            UplinkMessage message = random.Next(100) switch
            {
                < 2 => OutboxTestKit.Alert(i, OutboxTestKit.Start),
                < 12 => OutboxTestKit.Health(TimeSpan.FromSeconds(i)),
                _ => OutboxTestKit.Summary("m" + random.Next(5), OutboxTestKit.Start + (s_window * i), s_window, random.NextDouble()),
            };
            outbox.Store.Append([message]);
            appended[(int)message.Priority]++;
            if (i % 500 == 499)
            {
                // A short reconnect drains a little, as a flaky link would.
                var batch = outbox.Leases.Lease(20);
                foreach (var record in batch)
                {
                    var sent = JsonSerializer.Deserialize(record.Payload.Span, ContractsJsonContext.Default.UplinkMessage)!;
                    delivered[(int)record.Priority] += sent is MachineSummary summary ? summary.MergedWindows : 1;
                }

                outbox.Leases.Acknowledge([.. batch.Select(r => r.Sequence)]);
            }
        }

        var status = outbox.Monitor.GetStatus();
        foreach (var priority in Enum.GetValues<PriorityClass>())
        {
            Assert.Equal(appended[(int)priority], delivered[(int)priority] + OutboxTestKit.SourceRecords(status, priority) + OutboxTestKit.Dropped(status, priority));
        }

        Assert.Equal(0, OutboxTestKit.Dropped(status, PriorityClass.Alert));
        Assert.True(OutboxTestKit.Dropped(status, PriorityClass.Health) > 0);
    }

    [Fact]
    public void Append_OverCapAfterLease_LeasedRecordsAreNeitherMergedNorDropped()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { MaxBytes = Cap });
        for (var i = 0; i < 10; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i)]);
        }

        var leased = outbox.Leases.Lease(10).Select(r => r.Sequence).ToList();
        for (var i = 10; i < 1000; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i)]);
        }

        var remaining = outbox.Leases.Peek(10);
        Assert.Equal(leased, remaining.Select(r => r.Sequence));
        Assert.All(ReadAll(outbox).Take(10).Cast<MachineSummary>(), s => Assert.Equal(1, s.MergedWindows));
    }

    [Fact]
    public void Append_OverCapAfterLeaseAndRestart_LeasedRecordsStayUntouched()
    {
        using var kit = new OutboxTestKit();
        List<long> leased;
        using (var outbox = kit.Open(new OutboxOptions { MaxBytes = Cap }))
        {
            outbox.Store.Append([.. Enumerable.Range(0, 10).Select(i => (UplinkMessage)OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i))]);
            leased = [.. outbox.Leases.Lease(10).Select(r => r.Sequence)];
        }

        using var reopened = kit.Open(new OutboxOptions { MaxBytes = Cap });
        for (var i = 10; i < 1000; i += 10)
        {
            reopened.Store.Append([.. Enumerable.Range(i, 10).Select(j => (UplinkMessage)OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * j), s_window, j))]);
        }

        Assert.Equal(leased, reopened.Leases.Peek(10).Select(r => r.Sequence));
        Assert.All(ReadAll(reopened).Take(10).Cast<MachineSummary>(), s => Assert.Equal(1, s.MergedWindows));
        Assert.True(reopened.Monitor.Bytes <= Cap + (1000 * 400), "the conservative reserve after a restart costs at most its size in room");
    }

    [Fact]
    public void Append_BelowFreeDiskFloor_StopsGrowingAndCountsDiskFloorDrops()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open(new OutboxOptions { MinFreeDiskBytes = 1000, MaxMergedWindows = 2 });
        for (var i = 0; i < 50; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i)]);
        }

        var before = outbox.Monitor.Bytes;
        kit.FreeDiskBytes = 10;
        for (var i = 50; i < 200; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i)]);
        }

        var status = outbox.Monitor.GetStatus();
        Assert.True(status.Bytes <= before + 64, $"{status.Bytes} grew past {before}");
        Assert.True(status.Classes.Single(c => c.Class == nameof(PriorityClass.MachineSummary)).Dropped[nameof(DropReason.DiskFloor)] > 0);
        Assert.Equal(200, OutboxTestKit.SourceRecords(status, PriorityClass.MachineSummary) + OutboxTestKit.Dropped(status, PriorityClass.MachineSummary));
    }

    private static List<UplinkMessage> ReadAll(SqliteOutbox outbox) =>
        [.. outbox.Leases.Peek(100_000).Select(r => JsonSerializer.Deserialize(r.Payload.Span, ContractsJsonContext.Default.UplinkMessage)!)];
}
