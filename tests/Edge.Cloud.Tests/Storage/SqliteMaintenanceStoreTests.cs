using Edge.Cloud.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Cloud.Tests.Storage;

public sealed class SqliteMaintenanceStoreTests : MaintenanceStoreTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"edge-cloud-pm-{Guid.NewGuid():N}");

    protected override Task<RelationalCloudStore> CreateStoreAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.FromResult<RelationalCloudStore>(new SqliteCloudStore(Path.Combine(_folder, "cloud.db")));
    }

    [Fact]
    public async Task Open_FileWithoutOutcomeColumns_AddsThemAndKeepsAlerts()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "cloud.db");
        var store = new SqliteCloudStore(path);
        await store.IngestAsync([Infrastructure.Envelopes.Wrap("plant-a", 1, Infrastructure.Envelopes.Alert("a-1", "press-01", "critical", "open", Infrastructure.Envelopes.Start, 9))], Infrastructure.Envelopes.Start, default);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // What a data folder of the previous release holds: no outcome columns.
            command.CommandText = "ALTER TABLE alerts DROP COLUMN outcome; ALTER TABLE alert_history DROP COLUMN outcome;";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var reopened = new SqliteCloudStore(path);
        var resolved = await reopened.ChangeAlertStateAsync("plant-a", "a-1", AlertStates.Resolved, "erin", null, AlertOutcomes.FalseAlarm, Infrastructure.Envelopes.Start, default);

        Assert.True(resolved);
        Assert.Equal(AlertOutcomes.FalseAlarm, (await reopened.GetAlertAsync("plant-a", "a-1", default))!.Outcome);
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
