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
