using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Cloud.Storage;

/// <summary>
/// Migration of SQLite files written before site-scoped keys (schema 2 and older): <c>machines</c> was keyed by machine
/// id alone, <c>footfall_cells</c> and <c>footfall_privacy</c> by store, so two sites using the same ids overwrote each
/// other. SQLite cannot change a primary key in place: each such table is renamed aside before the schema is applied
/// (which creates it again with the gateway in its key), then its rows are copied back and the old table dropped, all in
/// the opening transaction. The old keys were unique, so every row fits the new key.
/// </summary>
internal static class SqliteSiteKeys
{
    private static readonly (string Table, string Columns)[] s_tables =
    [
        ("machines", "machine_id, gateway_id, last_window_end, sensors"),
        ("footfall_cells", "store_id, zone_id, window_start, window_end, day, gateway_id, visitors, dwell_seconds_sum, suppressed, partial"),
        ("footfall_privacy", "store_id, day, gateway_id, epsilon_per_release, epsilon_per_day, max_windows_per_device, suppress_below, " +
            "window_seconds, max_dwell_seconds, count_noise95, received_at, parameters"),
    ];

    /// <summary>Renames aside every table whose primary key lacks the gateway; returns their names.</summary>
    public static IReadOnlyList<string> SetAside(SqliteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var rekeyed = new List<string>();
        foreach (var (table, _) in s_tables)
        {
            command.CommandText = $"SELECT COUNT(*), COALESCE(SUM(name = 'gateway_id' AND pk > 0), 0) FROM pragma_table_info('{table}');";
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                if (reader.GetInt64(0) == 0 || reader.GetInt64(1) > 0)
                {
                    continue;
                }
            }

            // An index moves with its table: footfall_by_day is dropped so that the schema creates it on the new table.
            command.CommandText = (table == "footfall_cells" ? "DROP INDEX IF EXISTS footfall_by_day; " : string.Empty)
                + $"ALTER TABLE {table} RENAME TO {table}_before_site_keys;";
            command.ExecuteNonQuery();
            rekeyed.Add(table);
        }

        return rekeyed;
    }

    /// <summary>Copies the rows of the tables set aside into their new tables and drops the old ones.</summary>
    public static void CopyBack(SqliteCommand command, IReadOnlyList<string> rekeyed)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(rekeyed);
        foreach (var (table, columns) in s_tables)
        {
            if (!rekeyed.Contains(table))
            {
                continue;
            }

            command.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_before_site_keys; DROP TABLE {table}_before_site_keys;");
            command.ExecuteNonQuery();
        }
    }
}
