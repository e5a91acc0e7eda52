using System.Text.Json;
using Edge.Contracts;
using Edge.Privacy;

namespace Edge.Privacy.Tests;

public sealed class FootfallReleaseTests
{
    private static readonly DateTimeOffset s_afterClose = FootfallTestKit.At(12, 0, 30);

    private static List<VisitEvent> SomeVisits() =>
    [
        new(FootfallTestKit.At(9, 10), 1, "entrance", FootfallTestKit.At(9, 10), null),
        new(FootfallTestKit.At(9, 25), 1, "entrance", FootfallTestKit.At(9, 10), FootfallTestKit.At(9, 25)),
        new(FootfallTestKit.At(10, 5), 2, "bakery", FootfallTestKit.At(10, 5), null),
        new(FootfallTestKit.At(10, 45), 2, "bakery", FootfallTestKit.At(10, 5), FootfallTestKit.At(10, 45)),
    ];

    private static FootfallReport ReportInOutbox(FootfallTestKit kit, out byte[] payload)
    {
        var record = Assert.Single(kit.Outbox.Leases.Peek(10));
        payload = record.Payload.ToArray();
        return Assert.IsType<FootfallReport>(JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.UplinkMessage));
    }

    [Fact]
    public void ReleaseDue_AfterClosing_SendsOneCompleteGridWithZeros()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        foreach (var tally in kit.Replay(SomeVisits(), FootfallTestKit.At(11, 59)))
        {
            kit.Releaser.StoreWindow(tally);
        }

        Assert.Equal(0, kit.Releaser.ReleaseDue(FootfallTestKit.At(11, 59)));
        Assert.Empty(kit.Outbox.Leases.Peek(10));

        foreach (var tally in kit.Replay([], s_afterClose))
        {
            kit.Releaser.StoreWindow(tally);
        }

        kit.Releaser.ReleaseDue(s_afterClose);

        var report = ReportInOutbox(kit, out _);
        Assert.Equal("store-test", report.StoreId);
        Assert.Equal(FootfallTestKit.Day, report.Day);
        Assert.Equal(9, report.Cells.Count);
        Assert.Equal(
            from hour in new[] { 9, 10, 11 } from zone in new[] { "entrance", "bakery", "checkout" } select (FootfallTestKit.At(hour, 0), zone),
            report.Cells.Select(c => (c.WindowStart, c.ZoneId)));
        Assert.All(report.Cells, c => Assert.NotNull(c.Visitors));
        Assert.Equal(1.0, report.Privacy.EpsilonPerRelease);
        Assert.Equal(1_000_000, kit.Ledger.Budget(FootfallTestKit.Day).SpentMicros);
    }

    [Fact]
    public void Release_WindowsNeverObserved_ArePublishedAsPartialNoise()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        // Only the 09:00 window was observed; the gateway was down from 10:00 until after closing.
        foreach (var tally in kit.Replay(SomeVisits().Take(2), FootfallTestKit.At(10, 0)))
        {
            kit.Releaser.StoreWindow(tally);
        }

        kit.Releaser.ReleaseDue(s_afterClose);

        var report = ReportInOutbox(kit, out _);
        Assert.Equal(9, report.Cells.Count);
        Assert.All(report.Cells.Where(c => c.WindowStart >= FootfallTestKit.At(10, 0)), c => Assert.True(c.Partial));
    }

    [Fact]
    public void StoreWindow_SameWindowTwice_KeepsTheFirstDraw()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        var tally = kit.Replay(SomeVisits(), FootfallTestKit.At(10, 0)).Single();

        kit.Releaser.StoreWindow(tally);
        var first = kit.Ledger.CellsOf(FootfallTestKit.Day);
        for (var i = 0; i < 5; i++)
        {
            kit.Releaser.StoreWindow(tally);
        }

        Assert.Equal(first, kit.Ledger.CellsOf(FootfallTestKit.Day));
    }

    [Fact]
    public void Release_KilledBetweenLedgerAndOutbox_RestartResendsSameBytesWithoutSpendingOrRedrawing()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        foreach (var tally in kit.Replay(SomeVisits(), s_afterClose))
        {
            kit.Releaser.StoreWindow(tally);
        }

        var plan = kit.Calendar.PlanFor(FootfallTestKit.Day);
        kit.Releaser.Release(plan, 0);
        var cellsBefore = kit.Ledger.CellsOf(FootfallTestKit.Day);
        var stored = Assert.Single(kit.Ledger.Releases(FootfallTestKit.Day));
        Assert.Null(stored.OutboxSequence);

        // Killed here: the budget is spent and the report stored, but the outbox never saw it.
        kit.Restart();
        kit.Releaser.ReleaseDue(s_afterClose);
        kit.Releaser.Release(plan, 0);
        kit.Releaser.ReleaseDue(s_afterClose.AddMinutes(1));

        ReportInOutbox(kit, out var payload);
        Assert.Equal(stored.Payload, payload);
        Assert.Equal(1_000_000, kit.Ledger.Budget(FootfallTestKit.Day).SpentMicros);
        Assert.Equal(cellsBefore, kit.Ledger.CellsOf(FootfallTestKit.Day));
        Assert.NotNull(Assert.Single(kit.Ledger.Releases(FootfallTestKit.Day)).OutboxSequence);

        // A second restart after the send changes nothing either.
        kit.Restart();
        kit.Releaser.ReleaseDue(s_afterClose.AddMinutes(2));
        Assert.Single(kit.Outbox.Leases.Peek(10));
    }

    [Fact]
    public void Release_OverBudgetAfterConfigurationChange_IsRefusedWithClearErrorAndCounted()
    {
        var options = FootfallTestKit.DefaultOptions();
        options.ReleasesPerDay = 3;
        var folder = Directory.CreateTempSubdirectory("edge-privacy-").FullName;
        using (var morning = new FootfallTestKit(options, folder: folder))
        {
            foreach (var tally in morning.Replay(SomeVisits(), FootfallTestKit.At(10, 0, 30)))
            {
                morning.Releaser.StoreWindow(tally);
            }

            morning.Releaser.ReleaseDue(FootfallTestKit.At(10, 0, 30));
            Assert.Equal(333_333, morning.Ledger.Budget(FootfallTestKit.Day).SpentMicros);
        }

        // The operator lowers the daily budget to 0.3 mid-day: the next third (0.1) no longer fits with 0.333 spent.
        var lowered = FootfallTestKit.DefaultOptions();
        lowered.ReleasesPerDay = 3;
        lowered.EpsilonPerDay = 0.3;
        using var afternoon = new FootfallTestKit(lowered, folder: folder);
        var plan = afternoon.Calendar.PlanFor(FootfallTestKit.Day);

        var error = Assert.Throws<PrivacyBudgetExceededException>(() => afternoon.Releaser.Release(plan, 1));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("Privacy:EpsilonPerDay", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, afternoon.Counters.Get(PrivacyCounter.ReleasesRefused));
        Assert.Equal((333_333L, 1L), afternoon.Ledger.Budget(FootfallTestKit.Day));
        Assert.Single(afternoon.Ledger.Releases(FootfallTestKit.Day));

        // The service's ticks do not retry (and recount) a refused release.
        Assert.Equal(2, afternoon.Releaser.ReleaseDue(FootfallTestKit.At(12, 30)));
        Assert.Equal(0, afternoon.Releaser.ReleaseDue(FootfallTestKit.At(12, 31)));
        Assert.Equal(3, afternoon.Counters.Get(PrivacyCounter.ReleasesRefused));
        afternoon.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void TryRecordRelease_SecondReleaseBeyondBudget_RefusesAndKeepsSpending()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());
        var now = FootfallTestKit.At(12, 0);

        Assert.Equal(ReleaseOutcome.Recorded, kit.Ledger.TryRecordRelease(FootfallTestKit.Day, 0, 600_000, 1_000_000, [1], now));
        Assert.Equal(ReleaseOutcome.OverBudget, kit.Ledger.TryRecordRelease(FootfallTestKit.Day, 1, 600_000, 1_000_000, [2], now));
        Assert.Equal(ReleaseOutcome.AlreadyReleased, kit.Ledger.TryRecordRelease(FootfallTestKit.Day, 0, 600_000, 1_000_000, [3], now));

        Assert.Equal((600_000L, 1L), kit.Ledger.Budget(FootfallTestKit.Day));
        Assert.Equal([1], Assert.Single(kit.Ledger.Releases(FootfallTestKit.Day)).Payload);
    }

    [Fact]
    public void Release_WithSuppressionThreshold_HidesCellsBelowKOnTheNoisyCount()
    {
        var options = FootfallTestKit.DefaultOptions();
        options.SuppressBelow = 5;
        using var kit = new FootfallTestKit(options);
        foreach (var tally in kit.Replay(SomeVisits(), s_afterClose))
        {
            kit.Releaser.StoreWindow(tally);
        }

        kit.Releaser.ReleaseDue(s_afterClose);

        var report = ReportInOutbox(kit, out _);
        var noisy = kit.Ledger.CellsOf(FootfallTestKit.Day).ToDictionary(c => (c.ZoneId, c.WindowStart));
        foreach (var cell in report.Cells)
        {
            var below = noisy[(cell.ZoneId, cell.WindowStart)].Visitors < 5;
            Assert.Equal(below, cell.Suppressed);
            Assert.Equal(below, cell.Visitors is null);
            Assert.Equal(below, cell.DwellSecondsSum is null);
        }
    }
}
