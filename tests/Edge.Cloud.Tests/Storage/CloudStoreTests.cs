using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.TestKit;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Storage;

/// <summary>
/// The store contract. Runs against SQLite and PostgreSQL through the two subclasses; each test needs what its subclass
/// declares with <see cref="ClassNeedsAttribute"/> (PostgreSQL), so only the PostgreSQL cases skip when it is missing.
/// </summary>
public abstract class CloudStoreTests
{
    private static readonly DateTimeOffset s_received = Start.AddHours(1);

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<RelationalCloudStore> CreateStoreAsync();

    [NeedsFact]
    public async Task IngestAsync_SameGatewayAndSequenceTwice_StoresOnce()
    {
        var store = await CreateStoreAsync();
        var first = Wrap("plant-a", 1, Summary("press-01", Start, 70));
        var second = Wrap("plant-a", 2, Summary("press-01", Start.AddMinutes(1), 71));

        var stored = await store.IngestAsync([first, second, first], s_received, default);
        var resent = await store.IngestAsync([second], s_received, default);

        Assert.Equal(2, stored);
        Assert.Equal(0, resent);
        Assert.Equal(2, await store.CountRecordsAsync(default));
        Assert.Equal(2, (await store.GetSummariesAsync("press-01", Start, Start.AddHours(1), default)).Count);
    }

    [NeedsFact]
    public async Task IngestAsync_TwoSitesWithTheSameMachineAndStoreIds_BothVisibleNeitherOverwritten()
    {
        var store = await CreateStoreAsync();
        var day = DateOnly.FromDateTime(Start.UtcDateTime);
        // Every gateway's default store id is store-1, and machine ids are the plant's own names.
        await store.IngestAsync(
        [
            Wrap("plant-a", 1, Summary("press-01", Start, 60)),
            Wrap("plant-b", 1, Summary("press-01", Start, 90)),
            Wrap("plant-a", 2, Footfall("store-1", day, ("entrance", 9, 40))),
            Wrap("plant-b", 2, Footfall("store-1", day, ("entrance", 9, 70))),
        ], s_received, default);
        // Later, in separate batches: each site's newer window replaces only its own latest row.
        await store.IngestAsync([Wrap("plant-b", 3, Summary("press-01", Start.AddMinutes(1), 91))], s_received, default);
        await store.IngestAsync([Wrap("plant-a", 3, Footfall("store-1", day, ("entrance", 9, 41)))], s_received, default);

        var machines = await store.GetMachinesAsync(default);
        var footfall = await store.GetFootfallAsync("store-1", day, day, default);
        var privacy = await store.GetStorePrivacyAsync(default);

        Assert.Equal([("plant-a", 60.0), ("plant-b", 91.0)], machines.Select(m => (m.GatewayId, m.LatestMeans["temperature"])).OrderBy(m => m.GatewayId));
        Assert.Equal([("plant-a", 41L), ("plant-b", 70L)], footfall.Select(c => (c.GatewayId, c.Visitors!.Value)).OrderBy(c => c.GatewayId));
        Assert.Equal(["plant-a", "plant-b"], privacy.Select(p => p.GatewayId).Order());
        Assert.Equal(3, (await store.GetSummariesAsync("press-01", Start, Start.AddHours(1), default)).Count);
        Assert.Equal([90.0, 91.0], (await store.GetSummariesAsync("press-01", Start, Start.AddHours(1), default, ["plant-b"])).Select(r => r.Sensors[0].Mean));
        Assert.Equal(41L, Assert.Single(await store.GetFootfallAsync("store-1", day, day, default, ["plant-a"])).Visitors);
    }

    [NeedsFact]
    public async Task IngestAsync_ConcurrentOverlappingBatches_StoresEachRecordOnce()
    {
        var store = await CreateStoreAsync();
        var envelopes = Enumerable.Range(1, 400).Select(i => Wrap("plant-a", i, Summary($"m-{i % 7}", Start.AddMinutes(i), i))).ToList();

        // Two writers race over the same records, as two ingest workers would after a redelivery.
        var results = await Task.WhenAll(
            Task.Run(() => IngestInBatchesAsync(store, envelopes)),
            Task.Run(() => IngestInBatchesAsync(store, Enumerable.Reverse(envelopes).ToList())));

        Assert.Equal(400, results.Sum());
        Assert.Equal(400, await store.CountRecordsAsync(default));
        var summaries = 0;
        for (var machine = 0; machine < 7; machine++)
        {
            summaries += (await store.GetSummariesAsync($"m-{machine}", Start, Start.AddDays(1), default)).Count;
        }

        Assert.Equal(400, summaries);
    }

    [NeedsFact]
    public async Task GetMachinesAsync_SummariesOutOfOrder_ShowsNewestWindowAndOnlyGrantedSites()
    {
        var store = await CreateStoreAsync();
        await store.IngestAsync(
        [
            Wrap("plant-a", 2, Summary("press-01", Start.AddMinutes(5), 75)),
            Wrap("plant-a", 1, Summary("press-01", Start, 70)),
            Wrap("plant-b", 1, Summary("lathe-07", Start, 40)),
        ], s_received, default);

        var all = await store.GetMachinesAsync(default);
        var plantB = await store.GetMachinesAsync(default, ["plant-b"]);

        Assert.Equal(["lathe-07", "press-01"], all.Select(m => m.MachineId));
        Assert.Equal(75, all.Single(m => m.MachineId == "press-01").LatestMeans["temperature"]);
        Assert.Equal("lathe-07", Assert.Single(plantB).MachineId);
        Assert.Empty(await store.GetMachinesAsync(default, []));
    }

    [NeedsFact]
    public async Task ChangeAlertStateAsync_AcknowledgeThenResolve_RecordsWhoAndWhenInHistory()
    {
        var store = await CreateStoreAsync();
        await store.IngestAsync([Wrap("plant-a", 1, Alert("a-1", "press-01", "warning", "open", Start, 40))], s_received, default);
        await store.IngestAsync([Wrap("plant-a", 2, Alert("a-1", "press-01", "critical", "escalated", Start.AddMinutes(10), 12) with { FirstSeen = Start })], s_received, default);

        var acknowledged = await store.ChangeAlertStateAsync("plant-a", "a-1", AlertStates.Acknowledged, "erin", "crew on the way", Start.AddMinutes(20), default);
        await store.ChangeAlertStateAsync("plant-a", "a-1", AlertStates.Resolved, "erin", "bearing replaced", Start.AddMinutes(90), default);
        var missing = await store.ChangeAlertStateAsync("plant-a", "nope", AlertStates.Acknowledged, "erin", null, Start, default);

        var alert = await store.GetAlertAsync("plant-a", "a-1", default);
        var history = await store.GetAlertHistoryAsync("plant-a", "a-1", default);
        Assert.True(acknowledged);
        Assert.False(missing);
        Assert.NotNull(alert);
        Assert.Equal(AlertStates.Resolved, alert.State);
        Assert.Equal("critical", alert.Severity);
        Assert.Equal(12, alert.PredictedRemainingLife);
        Assert.Equal("erin", alert.AcknowledgedBy);
        Assert.Equal(Start.AddMinutes(20), alert.AcknowledgedAt);
        Assert.Equal("temperature_slope", Assert.Single(alert.TopFeatures).Feature);
        Assert.Equal(["raised", "escalated", "acknowledged", "resolved"], history.Select(h => h.Action));
        Assert.Equal("crew on the way", history[2].Comment);
        Assert.Equal("erin", history[3].Actor);
    }

    [NeedsFact]
    public async Task IngestAsync_AlertClearedThenRaisedAgain_ResolvesThenReopens()
    {
        var store = await CreateStoreAsync();
        await store.IngestAsync([Wrap("plant-a", 1, Alert("a-1", "press-01", "warning", "open", Start))], s_received, default);
        await store.IngestAsync([Wrap("plant-a", 2, Alert("a-1", "press-01", "warning", "cleared", Start.AddMinutes(5)))], s_received, default);
        var cleared = await store.GetAlertAsync("plant-a", "a-1", default);
        await store.IngestAsync([Wrap("plant-a", 3, Alert("a-1", "press-01", "warning", "updated", Start.AddMinutes(9)))], s_received, default);
        var reopened = await store.GetAlertAsync("plant-a", "a-1", default);

        Assert.Equal(AlertStates.Resolved, cleared!.State);
        Assert.Equal("gateway", cleared.ResolvedBy);
        Assert.Equal(AlertStates.Open, reopened!.State);
        Assert.Null(reopened.ResolvedBy);
    }

    [NeedsFact]
    public async Task GetAlertsAsync_FilteredBySiteStateAndSeverity_SortedBySeverityThenRemainingLife()
    {
        var store = await CreateStoreAsync();
        await store.IngestAsync(
        [
            Wrap("plant-a", 1, Alert("a-1", "press-01", "warning", "open", Start, 30)),
            Wrap("plant-a", 2, Alert("a-2", "press-02", "critical", "open", Start, 50)),
            Wrap("plant-a", 3, Alert("a-3", "press-03", "critical", "open", Start, 5)),
            Wrap("plant-b", 1, Alert("b-1", "lathe-07", "critical", "open", Start, 1)),
        ], s_received, default);
        await store.ChangeAlertStateAsync("plant-a", "a-1", AlertStates.Acknowledged, "erin", null, Start, default);

        var plantA = await store.GetAlertsAsync(new AlertFilter(Sites: ["plant-a"]), default);
        var openCritical = await store.GetAlertsAsync(new AlertFilter(State: AlertStates.Open, Severity: "critical"), default);
        var acknowledged = await store.GetAlertsAsync(new AlertFilter(State: AlertStates.Acknowledged), default);

        Assert.Equal(["a-3", "a-2", "a-1"], plantA.Select(a => a.AlertId));
        Assert.Equal(["b-1", "a-3", "a-2"], openCritical.Select(a => a.AlertId));
        Assert.Equal("a-1", Assert.Single(acknowledged).AlertId);
    }

    [NeedsFact]
    public async Task GetPredictionsAsync_AlertUpdatesOverTime_ReturnsRemainingLifeSeries()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.IngestAsync([Wrap("plant-a", i + 1, Alert("a-1", "press-01", "warning", i == 0 ? "open" : "updated", Start.AddHours(i), 100 - (20 * i)) with { FirstSeen = Start })], s_received, default);
        }

        var predictions = await store.GetPredictionsAsync("press-01", Start, Start.AddDays(1), default);
        var otherSite = await store.GetPredictionsAsync("press-01", Start, Start.AddDays(1), default, ["plant-b"]);

        Assert.Equal([100.0, 80, 60, 40, 20], predictions.Select(p => p.PredictedRemainingLife!.Value));
        Assert.Equal(Start.AddHours(4), predictions[^1].At);
        Assert.Empty(otherSite);
    }

    [NeedsFact]
    public async Task IngestAsync_FootfallReleasedTwice_LaterCellsReplaceEarlierAndPrivacyIsKept()
    {
        var store = await CreateStoreAsync();
        var day = new DateOnly(2026, 11, 29);
        await store.IngestAsync([Wrap("store-gw", 1, Footfall("store-12", day, ("entrance", 9, 10), ("tills", 9, null)))], s_received, default);
        await store.IngestAsync([Wrap("store-gw", 2, Footfall("store-12", day, ("entrance", 9, 14), ("tills", 9, null), ("entrance", 10, 30)))], s_received, default);

        var cells = await store.GetFootfallAsync("store-12", day, day, default);
        var privacy = Assert.Single(await store.GetStorePrivacyAsync(default));
        var hidden = await store.GetFootfallAsync("store-12", day, day, default, ["plant-a"]);

        Assert.Equal(3, cells.Count);
        Assert.Equal(14, cells.Single(c => c.ZoneId == "entrance" && c.WindowStart.Hour == 9).Visitors);
        Assert.True(cells.Single(c => c.ZoneId == "tills").Suppressed);
        Assert.Null(cells.Single(c => c.ZoneId == "tills").Visitors);
        Assert.Equal("store-12", privacy.StoreId);
        Assert.Equal(3, privacy.Privacy.CountNoise95);
        Assert.Equal(40, privacy.Privacy.DwellSecondsNoise95);
        Assert.Equal(TimeSpan.FromMinutes(15), privacy.Privacy.Window);
        Assert.Equal(0.5, privacy.Privacy.EpsilonPerRelease);
        Assert.Empty(hidden);
    }

    [NeedsFact]
    public async Task IngestAsync_GatewayHealthOutOfOrder_GatewayShowsNewestAndHistoryKeepsBoth()
    {
        var store = await CreateStoreAsync();
        await store.IngestAsync([Wrap("plant-a", 5, Health("1.2.0", 40, 70.5), Start.AddMinutes(5))], s_received, default);
        await store.IngestAsync([Wrap("plant-a", 4, Health("1.1.0", 900, 12), Start.AddMinutes(4))], s_received, default);

        var gateway = Assert.Single(await store.GetGatewaysAsync(default));
        var history = await store.GetHealthHistoryAsync("plant-a", Start, Start.AddDays(1), default);

        Assert.Equal("1.2.0", gateway.Version);
        Assert.Equal(40, gateway.OutboxBacklog);
        Assert.Equal(70.5, gateway.HoursOfAutonomyLeft);
        Assert.Equal(5, gateway.LastSequence);
        Assert.Equal(2, gateway.Records);
        Assert.Equal(["uplink offline"], gateway.Warnings);
        Assert.Equal([900L, 40], history.Select(h => h.OutboxBacklog));
    }

    [NeedsFact]
    public async Task ApplyRetentionAsync_OlderThanCutoff_DeletesOldTimeSeriesOnly()
    {
        var store = await CreateStoreAsync();
        var old = Start.AddDays(-30);
        await store.IngestAsync(
        [
            Wrap("plant-a", 1, Summary("press-01", old, 60), old),
            Wrap("plant-a", 2, Summary("press-01", Start, 70)),
        ], s_received, default);

        await store.ApplyRetentionAsync(Start.AddDays(-7), default);

        var summaries = await store.GetSummariesAsync("press-01", old.AddDays(-1), Start.AddDays(1), default);
        Assert.Equal(Start, Assert.Single(summaries).WindowStart);
        Assert.Single(await store.GetMachinesAsync(default));
    }

    [NeedsFact]
    public async Task IngestAsync_LargeBatchMixingStoredAndNewRecordsOfSeveralGateways_StoresEachNewRecordOnceWithItsValues()
    {
        var store = await CreateStoreAsync();
        // Every third record of two gateways is stored first; then one batch (more rows than one insert statement holds,
        // shuffled, with a record repeated) brings all of them.
        var all = new List<Edge.Contracts.UplinkEnvelope>();
        foreach (var gateway in new[] { "plant-b", "plant-a" })
        {
            for (var sequence = 1; sequence <= 90; sequence++)
            {
                all.Add(Wrap(gateway, sequence, Summary($"{gateway}-m{sequence % 4}", Start.AddMinutes(sequence), sequence)));
            }
        }

        var early = await store.IngestAsync(all.Where(e => e.Sequence % 3 == 0).ToList(), s_received, default);
        var shuffled = all.OrderBy(e => (e.Sequence * 37) % 101).Append(all[5]).ToList();

        var stored = await store.IngestAsync(shuffled, s_received, default);

        Assert.Equal(60, early);
        Assert.Equal(120, stored);
        Assert.Equal(180, await store.CountRecordsAsync(default));
        var rows = await store.GetSummariesAsync("plant-a-m1", Start, Start.AddDays(1), default);
        Assert.Equal(Enumerable.Range(1, 90).Where(s => s % 4 == 1).Select(s => (long)s), rows.Select(r => r.Sequence).Order());
        var row = rows.Single(r => r.Sequence == 13);
        Assert.Equal(("plant-a", Start.AddMinutes(13), Start.AddMinutes(14)), (row.GatewayId, row.WindowStart, row.WindowEnd));
        Assert.Equal(13, Assert.Single(row.Sensors).Mean);
    }

    private static async Task<int> IngestInBatchesAsync(RelationalCloudStore store, List<Edge.Contracts.UplinkEnvelope> envelopes)
    {
        var stored = 0;
        foreach (var batch in envelopes.Chunk(50))
        {
            stored += await store.IngestAsync(batch, s_received, default);
        }

        return stored;
    }
}
