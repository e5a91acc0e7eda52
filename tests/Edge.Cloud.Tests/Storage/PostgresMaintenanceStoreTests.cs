using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.TestKit;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Storage;

[Trait("Needs", "postgresql")]
[ClassNeeds(PostgresCluster.Initdb)]
public sealed class PostgresMaintenanceStoreTests : MaintenanceStoreTests
{
    private static readonly TimeProvider s_clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start.AddHours(2));

    protected override async Task<RelationalCloudStore> CreateStoreAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        return new PostgresCloudStore(await cluster.CreateDatabaseAsync(), s_clock, TimeSpan.FromDays(400));
    }
}
