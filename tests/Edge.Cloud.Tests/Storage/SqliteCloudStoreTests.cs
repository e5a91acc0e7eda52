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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
