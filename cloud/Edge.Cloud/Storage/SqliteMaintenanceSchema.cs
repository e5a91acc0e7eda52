using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Cloud.Storage;

/// <summary>
/// SQLite tables of the plant's own history and its models (machine events, model files, which site runs what) and the
/// resolve outcome of alerts. Applied on every open: tables are created when missing, columns added to older files.
/// </summary>
internal static class SqliteMaintenanceSchema
{
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS machine_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT, site TEXT NOT NULL, machine TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL,
            detail TEXT NOT NULL, comment TEXT, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS machine_events_by_site ON machine_events(site, at);
        CREATE INDEX IF NOT EXISTS machine_events_by_machine ON machine_events(machine, at);
        CREATE TABLE IF NOT EXISTS models (
            version TEXT PRIMARY KEY, kind TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, signature TEXT NOT NULL,
            uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL, bytes BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS model_assignments (
            site TEXT NOT NULL, machine_kind TEXT NOT NULL, serving TEXT, shadow TEXT, previous TEXT, shadow_since TEXT,
            updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (site, machine_kind));
        """;

    /// <summary>Runs inside the store's schema transaction, after the base tables exist.</summary>
    public static void Apply(SqliteCommand command)
    {
        command.CommandText = Tables;
        command.ExecuteNonQuery();
        foreach (var table in new[] { "alerts", "alert_history" })
        {
            command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = 'outcome';";
            if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                command.CommandText = $"ALTER TABLE {table} ADD COLUMN outcome TEXT;";
                command.ExecuteNonQuery();
            }
        }
    }
}
