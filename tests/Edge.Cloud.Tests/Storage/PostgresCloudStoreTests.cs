using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.TestKit;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Storage;

[Trait("Needs", "postgresql")]
[ClassNeeds(PostgresCluster.Initdb)]
public sealed class PostgresCloudStoreTests : CloudStoreTests
{
    // The store's clock sits at the fixtures' time, so the test days fall inside the retention window and get partitions.
    private static readonly TimeProvider s_clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start.AddHours(2));

    protected override async Task<RelationalCloudStore> CreateStoreAsync() => await CreatePostgresStoreAsync();

    private static async Task<PostgresCloudStore> CreatePostgresStoreAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        return new PostgresCloudStore(await cluster.CreateDatabaseAsync(), s_clock, TimeSpan.FromDays(400));
    }

    [NeedsFact(PostgresCluster.Initdb)]
    public async Task Open_DatabaseFromBeforeSiteScopedKeys_RowsKeptAndASecondSiteNoLongerOverwrites()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var old = new Npgsql.NpgsqlConnection(connectionString))
        {
            await old.OpenAsync();
            // The three tables as the release before site-scoped keys created them, with one site's rows.
            await using var command = new Npgsql.NpgsqlCommand("""
                CREATE TABLE machines (
                    machine_id text PRIMARY KEY, gateway_id text NOT NULL, last_window_end timestamptz NOT NULL, sensors text NOT NULL);
                CREATE TABLE footfall_cells (
                    store_id text NOT NULL, zone_id text NOT NULL, window_start timestamptz NOT NULL, window_end timestamptz NOT NULL,
                    day date NOT NULL, gateway_id text NOT NULL, visitors bigint, dwell_seconds_sum bigint, suppressed boolean NOT NULL,
                    partial boolean NOT NULL, PRIMARY KEY (store_id, zone_id, window_start)) PARTITION BY RANGE (window_start);
                CREATE TABLE footfall_cells_default PARTITION OF footfall_cells DEFAULT;
                CREATE TABLE footfall_privacy (
                    store_id text NOT NULL, day date NOT NULL, gateway_id text NOT NULL, epsilon_per_release double precision NOT NULL,
                    epsilon_per_day double precision NOT NULL, max_windows_per_device integer NOT NULL, suppress_below integer NOT NULL,
                    window_seconds double precision NOT NULL, max_dwell_seconds double precision NOT NULL, count_noise95 bigint NOT NULL,
                    received_at timestamptz NOT NULL, parameters text NOT NULL, PRIMARY KEY (store_id, day));
                INSERT INTO machines VALUES ('press-01', 'plant-a', '2026-11-29T08:01:00Z',
                    '[{"sensor":"temperature","count":60,"mean":66.5,"min":65,"max":68,"standardDeviation":0.5}]');
                INSERT INTO footfall_cells VALUES ('store-1', 'entrance', '2026-11-29T09:00:00Z', '2026-11-29T09:15:00Z', '2026-11-29', 'plant-a', 40, 4800, false, false);
                """, old);
            await command.ExecuteNonQueryAsync();
        }

        var store = new PostgresCloudStore(connectionString, s_clock, TimeSpan.FromDays(400));
        var day = DateOnly.FromDateTime(Start.UtcDateTime);
        await store.IngestAsync(
        [
            Wrap("plant-b", 1, Summary("press-01", Start, 90)),
            Wrap("plant-b", 2, Footfall("store-1", day, ("entrance", 9, 70))),
        ], Start.AddHours(1), default);

        Assert.Equal([("plant-a", 66.5), ("plant-b", 90.0)], (await store.GetMachinesAsync(default)).Select(m => (m.GatewayId, m.LatestMeans["temperature"])).OrderBy(m => m.GatewayId));
        Assert.Equal([("plant-a", 40L), ("plant-b", 70L)], (await store.GetFootfallAsync("store-1", day, day, default)).Select(c => (c.GatewayId, c.Visitors!.Value)).OrderBy(c => c.GatewayId));
        await store.DisposeAsync();
    }

    [NeedsFact(PostgresCluster.Initdb)]
    public async Task IngestAsync_SummariesOnTwoDays_CreatesOneDayPartitionEachAndRetentionDropsTheOld()
    {
        var store = await CreatePostgresStoreAsync();
        await store.IngestAsync(
        [
            Wrap("plant-a", 1, Summary("press-01", Start.AddDays(-1), 60)),
            Wrap("plant-a", 2, Summary("press-01", Start, 70)),
        ], Start, default);

        var before = await store.GetPartitionsAsync("machine_summaries", default);
        await store.ApplyRetentionAsync(new DateTimeOffset(Start.Date, TimeSpan.Zero), default);
        var after = await store.GetPartitionsAsync("machine_summaries", default);

        Assert.Equal(["machine_summaries_default", "machine_summaries_p20261128", "machine_summaries_p20261129"], before);
        Assert.Equal(["machine_summaries_default", "machine_summaries_p20261129"], after);
        Assert.Single(await store.GetSummariesAsync("press-01", Start.AddDays(-2), Start.AddDays(1), default));
    }
}
