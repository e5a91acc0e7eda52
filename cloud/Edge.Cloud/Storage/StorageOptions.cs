namespace Edge.Cloud.Storage;

/// <summary>Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (default, single process) or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite file name inside <c>Cloud:DataDirectory</c>.</summary>
    public string SqliteFileName { get; set; } = "cloud.db";

    /// <summary>Npgsql connection string, required when <see cref="Provider"/> is <c>PostgreSql</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long time-series rows (summaries, predictions, footfall, health) are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(6);
}
