namespace Edge.Cloud.Storage;

/// <summary>Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (default, single process) or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite file name inside <c>Cloud:DataDirectory</c>.</summary>
    public string SqliteFileName { get; set; } = "cloud.db";
}
