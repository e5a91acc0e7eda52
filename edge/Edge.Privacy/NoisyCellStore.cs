using Microsoft.Data.Sqlite;

namespace Edge.Privacy;

/// <summary>
/// The ledger's noisy cells (noise already added, drawn once): stored before any release is computed from them, so a
/// restart releases the same numbers instead of drawing new noise.
/// </summary>
internal sealed class NoisyCellStore
{
    private readonly PrivacyLedgerDatabase _database;

    public NoisyCellStore(PrivacyLedgerDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Stores noisy cells unless they are already there: the first draw of a cell is the only one that counts.</summary>
    public void StoreCells(DateOnly day, IReadOnlyList<NoisyCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        lock (_database.Gate)
        {
            using var transaction = _database.BeginTransaction();
            using var insert = _database.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR IGNORE INTO cells (day, zone, window_index, window_start_ms, window_end_ms, visitors, dwell_seconds, partial)
                VALUES ($day, $zone, $index, $start, $end, $visitors, $dwell, $partial);
                """;
            insert.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
            var zone = insert.Parameters.Add("$zone", SqliteType.Text);
            var index = insert.Parameters.Add("$index", SqliteType.Integer);
            var start = insert.Parameters.Add("$start", SqliteType.Integer);
            var end = insert.Parameters.Add("$end", SqliteType.Integer);
            var visitors = insert.Parameters.Add("$visitors", SqliteType.Integer);
            var dwell = insert.Parameters.Add("$dwell", SqliteType.Integer);
            var partial = insert.Parameters.Add("$partial", SqliteType.Integer);
            foreach (var cell in cells)
            {
                zone.Value = cell.ZoneId;
                index.Value = cell.WindowIndex;
                start.Value = cell.WindowStart.ToUnixTimeMilliseconds();
                end.Value = cell.WindowEnd.ToUnixTimeMilliseconds();
                visitors.Value = cell.Visitors;
                dwell.Value = cell.DwellSeconds;
                partial.Value = cell.Partial ? 1 : 0;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public IReadOnlyList<NoisyCell> CellsOf(DateOnly day)
    {
        var cells = new List<NoisyCell>();
        lock (_database.Gate)
        {
            using var select = _database.CreateCommand();
            select.CommandText = """
                SELECT zone, window_index, window_start_ms, window_end_ms, visitors, dwell_seconds, partial
                FROM cells WHERE day = $day ORDER BY window_index, zone;
                """;
            select.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                cells.Add(new NoisyCell(
                    reader.GetString(0),
                    reader.GetInt32(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    reader.GetInt64(4),
                    reader.GetInt64(5),
                    reader.GetInt32(6) != 0));
            }
        }

        return cells;
    }

    /// <summary>Days that have stored cells, oldest first.</summary>
    public IReadOnlyList<DateOnly> DaysWithCells()
    {
        var days = new List<DateOnly>();
        lock (_database.Gate)
        {
            using var select = _database.CreateCommand();
            select.CommandText = "SELECT DISTINCT day FROM cells ORDER BY day;";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                days.Add(PrivacyLedgerDatabase.ParseDay(reader.GetString(0)));
            }
        }

        return days;
    }
}
