using Edge.Cloud.Storage;

namespace Edge.Cloud.Tests.Storage;

public sealed class SqliteCloudStoreTests : CloudStoreTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"edge-cloud-sqlite-{Guid.NewGuid():N}");

    protected override Task<RelationalCloudStore> CreateStoreAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.FromResult<RelationalCloudStore>(new SqliteCloudStore(Path.Combine(_folder, "cloud.db")));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
