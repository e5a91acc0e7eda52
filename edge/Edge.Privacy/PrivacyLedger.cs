using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Privacy;

/// <summary>
/// The privacy budget ledger in the gateway's data folder (SQLite, WAL, <c>synchronous=FULL</c>). It holds numbers
/// only: epsilon spent per day, noisy cells (noise already added, drawn once), the exact bytes of each released
/// report, and today's privacy counters. No pseudonym, no identifier, no exact count is ever written here.
/// </summary>
/// <remarks>
/// Spending budget and storing the report happen in one transaction, before the outbox sees the report. A kill
/// after that commit leaves a recorded, unsent release that is re-appended from its stored bytes at the next start:
/// never spent twice, never redrawn. A kill between the outbox commit and <see cref="MarkSent"/> resends the same
/// bytes once more; the cloud stores a footfall report once per (gateway, store, day, release index).
/// </remarks>
internal sealed partial class PrivacyLedger : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public PrivacyLedger(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS budget (
                day TEXT PRIMARY KEY,
                spent_micros INTEGER NOT NULL,
                refused INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS cells (
                day TEXT NOT NULL,
                zone TEXT NOT NULL,
                window_index INTEGER NOT NULL,
                window_start_ms INTEGER NOT NULL,
                window_end_ms INTEGER NOT NULL,
                visitors INTEGER NOT NULL,
                dwell_seconds INTEGER NOT NULL,
                partial INTEGER NOT NULL,
                PRIMARY KEY (day, zone, window_index));
            CREATE TABLE IF NOT EXISTS releases (
                day TEXT NOT NULL,
                release_index INTEGER NOT NULL,
                epsilon_micros INTEGER NOT NULL,
                released_at_ms INTEGER NOT NULL,
                outbox_sequence INTEGER,
                payload BLOB NOT NULL,
                PRIMARY KEY (day, release_index));
            CREATE TABLE IF NOT EXISTS counters (
                day TEXT NOT NULL,
                name TEXT NOT NULL,
                value INTEGER NOT NULL,
                PRIMARY KEY (day, name));
            """);
    }

    public string Path { get; }

    /// <summary>Stores noisy cells unless they are already there: the first draw of a cell is the only one that counts.</summary>
    public void StoreCells(DateOnly day, IReadOnlyList<NoisyCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR IGNORE INTO cells (day, zone, window_index, window_start_ms, window_end_ms, visitors, dwell_seconds, partial)
                VALUES ($day, $zone, $index, $start, $end, $visitors, $dwell, $partial);
                """;
            insert.Parameters.AddWithValue("$day", Key(day));
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
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = """
                SELECT zone, window_index, window_start_ms, window_end_ms, visitors, dwell_seconds, partial
                FROM cells WHERE day = $day ORDER BY window_index, zone;
                """;
            select.Parameters.AddWithValue("$day", Key(day));
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
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT DISTINCT day FROM cells ORDER BY day;";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                days.Add(Parse(reader.GetString(0)));
            }
        }

        return days;
    }

    /// <summary>Days with stored cells and fewer than <paramref name="releasesPerDay"/> recorded releases, oldest first.</summary>
    public IReadOnlyList<DateOnly> DaysPendingRelease(int releasesPerDay)
    {
        var days = new List<DateOnly>();
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = """
                SELECT DISTINCT c.day FROM cells c
                WHERE (SELECT COUNT(*) FROM releases r WHERE r.day = c.day) < $releases
                ORDER BY c.day;
                """;
            select.Parameters.AddWithValue("$releases", releasesPerDay);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                days.Add(Parse(reader.GetString(0)));
            }
        }

        return days;
    }

    /// <summary>
    /// Spends <paramref name="epsilonMicros"/> of <paramref name="day"/> and stores <paramref name="payload"/>, in one
    /// transaction, unless the release exists already or the day's budget would be exceeded (refusal is counted).
    /// </summary>
    public ReleaseOutcome TryRecordRelease(DateOnly day, int releaseIndex, long epsilonMicros, long budgetMicros, byte[] payload, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payload);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var exists = _connection.CreateCommand();
            exists.Transaction = transaction;
            exists.CommandText = "SELECT COUNT(*) FROM releases WHERE day = $day AND release_index = $index;";
            exists.Parameters.AddWithValue("$day", Key(day));
            exists.Parameters.AddWithValue("$index", releaseIndex);
            if ((long)exists.ExecuteScalar()! > 0)
            {
                return ReleaseOutcome.AlreadyReleased;
            }

            using var ensure = _connection.CreateCommand();
            ensure.Transaction = transaction;
            ensure.CommandText = "INSERT OR IGNORE INTO budget (day, spent_micros, refused) VALUES ($day, 0, 0);";
            ensure.Parameters.AddWithValue("$day", Key(day));
            ensure.ExecuteNonQuery();

            using var spent = _connection.CreateCommand();
            spent.Transaction = transaction;
            spent.CommandText = "SELECT spent_micros FROM budget WHERE day = $day;";
            spent.Parameters.AddWithValue("$day", Key(day));
            var spentMicros = (long)spent.ExecuteScalar()!;

            using var update = _connection.CreateCommand();
            update.Transaction = transaction;
            update.Parameters.AddWithValue("$day", Key(day));
            if (spentMicros + epsilonMicros > budgetMicros)
            {
                update.CommandText = "UPDATE budget SET refused = refused + 1 WHERE day = $day;";
                update.ExecuteNonQuery();
                transaction.Commit();
                return ReleaseOutcome.OverBudget;
            }

            update.CommandText = "UPDATE budget SET spent_micros = spent_micros + $epsilon WHERE day = $day;";
            update.Parameters.AddWithValue("$epsilon", epsilonMicros);
            update.ExecuteNonQuery();

            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO releases (day, release_index, epsilon_micros, released_at_ms, outbox_sequence, payload)
                VALUES ($day, $index, $epsilon, $at, NULL, $payload);
                """;
            insert.Parameters.AddWithValue("$day", Key(day));
            insert.Parameters.AddWithValue("$index", releaseIndex);
            insert.Parameters.AddWithValue("$epsilon", epsilonMicros);
            insert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            insert.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
            insert.ExecuteNonQuery();
            transaction.Commit();
            return ReleaseOutcome.Recorded;
        }
    }

    public void MarkSent(DateOnly day, int releaseIndex, long outboxSequence)
    {
        lock (_gate)
        {
            using var update = _connection.CreateCommand();
            update.CommandText = "UPDATE releases SET outbox_sequence = $sequence WHERE day = $day AND release_index = $index;";
            update.Parameters.AddWithValue("$sequence", outboxSequence);
            update.Parameters.AddWithValue("$day", Key(day));
            update.Parameters.AddWithValue("$index", releaseIndex);
            update.ExecuteNonQuery();
        }
    }

    /// <summary>Releases of <paramref name="day"/>, or every release when null, by day then index.</summary>
    public IReadOnlyList<StoredRelease> Releases(DateOnly? day = null, bool unsentOnly = false)
    {
        var releases = new List<StoredRelease>();
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = $"""
                SELECT day, release_index, epsilon_micros, released_at_ms, outbox_sequence, payload FROM releases
                WHERE ($day IS NULL OR day = $day) {(unsentOnly ? "AND outbox_sequence IS NULL" : string.Empty)}
                ORDER BY day, release_index;
                """;
            select.Parameters.AddWithValue("$day", day is { } d ? Key(d) : DBNull.Value);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                releases.Add(new StoredRelease(
                    Parse(reader.GetString(0)),
                    reader.GetInt32(1),
                    reader.GetInt64(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    reader.IsDBNull(4) ? null : reader.GetInt64(4),
                    (byte[])reader.GetValue(5)));
            }
        }

        return releases;
    }

    /// <summary>Epsilon spent on <paramref name="day"/> (millionths) and releases refused for lack of budget.</summary>
    public (long SpentMicros, long Refused) Budget(DateOnly day)
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT spent_micros, refused FROM budget WHERE day = $day;";
            select.Parameters.AddWithValue("$day", Key(day));
            using var reader = select.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
        }
    }

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Parse(string key) => DateOnly.ParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
