using Edge.Cloud.Storage;
using Microsoft.Data.Sqlite;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Storage;

public sealed class SqliteCloudStoreTests : CloudStoreTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"edge-cloud-sqlite-{Guid.NewGuid():N}");

    protected override Task<RelationalCloudStore> CreateStoreAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.FromResult<RelationalCloudStore>(new SqliteCloudStore(Path.Combine(_folder, "cloud.db")));
    }

    [Fact]
    public async Task Open_DataFolderFromFirstRelease_KeepsLedgerAndSummaries()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "cloud.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            // The schema and rows the foundation release wrote (times in the "O" format).
            command.CommandText = """
                CREATE TABLE records (gateway_id TEXT NOT NULL, sequence INTEGER NOT NULL, kind TEXT NOT NULL,
                    committed_at TEXT NOT NULL, received_at TEXT NOT NULL, message TEXT NOT NULL, PRIMARY KEY (gateway_id, sequence));
                CREATE TABLE gateways (gateway_id TEXT PRIMARY KEY, last_seen TEXT NOT NULL, last_sequence INTEGER NOT NULL);
                CREATE TABLE machine_summaries (gateway_id TEXT NOT NULL, sequence INTEGER NOT NULL, machine_id TEXT NOT NULL,
                    window_start TEXT NOT NULL, window_end TEXT NOT NULL, sensors TEXT NOT NULL, PRIMARY KEY (gateway_id, sequence));
                CREATE INDEX machine_summaries_by_machine ON machine_summaries(machine_id, window_start);
                INSERT INTO records VALUES ('plant-a', 1, 'machine-summary', '2026-11-29T08:01:00.0000000Z', '2026-11-29T08:01:01.0000000Z', '{}');
                INSERT INTO gateways VALUES ('plant-a', '2026-11-29T08:01:01.0000000Z', 1);
                INSERT INTO machine_summaries VALUES ('plant-a', 1, 'press-01', '2026-11-29T08:00:00.0000000Z', '2026-11-29T08:01:00.0000000Z',
                    '[{"sensor":"temperature","count":60,"mean":66.5,"min":65,"max":68,"standardDeviation":0.5}]');
                """;
            command.ExecuteNonQuery();
        }

        var store = new SqliteCloudStore(path);
        var resent = await store.IngestAsync([Wrap("plant-a", 1, Summary("press-01", Start, 66.5))], Start.AddHours(1), default);
        var next = await store.IngestAsync([Wrap("plant-a", 2, Summary("press-01", Start.AddMinutes(1), 70))], Start.AddHours(1), default);

        Assert.Equal(0, resent);
        Assert.Equal(1, next);
        Assert.Equal(2, (await store.GetSummariesAsync("press-01", Start, Start.AddHours(1), default)).Count);
        Assert.Equal(70, Assert.Single(await store.GetMachinesAsync(default)).LatestMeans["temperature"]);
        Assert.Equal(2, Assert.Single(await store.GetGatewaysAsync(default)).LastSequence);
    }

    [Fact]
    public async Task Open_FileFromBeforeSiteScopedKeys_RowsKeptAndASecondSiteNoLongerOverwrites()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "cloud.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            // Schema 2's three tables keyed without the site, as that release wrote them, with one site's rows.
            command.CommandText = """
                CREATE TABLE machines (
                    machine_id TEXT PRIMARY KEY, gateway_id TEXT NOT NULL, last_window_end TEXT NOT NULL, sensors TEXT NOT NULL);
                CREATE TABLE footfall_cells (
                    store_id TEXT NOT NULL, zone_id TEXT NOT NULL, window_start TEXT NOT NULL, window_end TEXT NOT NULL, day TEXT NOT NULL,
                    gateway_id TEXT NOT NULL, visitors INTEGER, dwell_seconds_sum INTEGER, suppressed INTEGER NOT NULL, partial INTEGER NOT NULL,
                    PRIMARY KEY (store_id, zone_id, window_start));
                CREATE INDEX footfall_by_day ON footfall_cells(store_id, day);
                CREATE TABLE footfall_privacy (
                    store_id TEXT NOT NULL, day TEXT NOT NULL, gateway_id TEXT NOT NULL, epsilon_per_release REAL NOT NULL,
                    epsilon_per_day REAL NOT NULL, max_windows_per_device INTEGER NOT NULL, suppress_below INTEGER NOT NULL,
                    window_seconds REAL NOT NULL, max_dwell_seconds REAL NOT NULL, count_noise95 INTEGER NOT NULL, received_at TEXT NOT NULL,
                    parameters TEXT NOT NULL, PRIMARY KEY (store_id, day));
                INSERT INTO machines VALUES ('press-01', 'plant-a', '2026-11-29T08:01:00.0000000Z',
                    '[{"sensor":"temperature","count":60,"mean":66.5,"min":65,"max":68,"standardDeviation":0.5}]');
                INSERT INTO footfall_cells VALUES ('store-1', 'entrance', '2026-11-29T09:00:00.0000000Z', '2026-11-29T09:15:00.0000000Z',
                    '2026-11-29', 'plant-a', 40, 4800, 0, 0);
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }

        var store = new SqliteCloudStore(path);
        var day = DateOnly.FromDateTime(Start.UtcDateTime);
        await store.IngestAsync(
        [
            Wrap("plant-b", 1, Summary("press-01", Start, 90)),
            Wrap("plant-b", 2, Footfall("store-1", day, ("entrance", 9, 70))),
        ], Start.AddHours(1), default);

        Assert.Equal([("plant-a", 66.5), ("plant-b", 90.0)], (await store.GetMachinesAsync(default)).Select(m => (m.GatewayId, m.LatestMeans["temperature"])).OrderBy(m => m.GatewayId));
        Assert.Equal([("plant-a", 40L), ("plant-b", 70L)], (await store.GetFootfallAsync("store-1", day, day, default)).Select(c => (c.GatewayId, c.Visitors!.Value)).OrderBy(c => c.GatewayId));
        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var query = check.CreateCommand();
        query.CommandText = "PRAGMA user_version; ";
        Assert.Equal(3L, (long)query.ExecuteScalar()!);
        query.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%before_site_keys' OR name = 'footfall_by_day';";
        Assert.Equal(1L, (long)query.ExecuteScalar()!);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
