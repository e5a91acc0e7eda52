using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Privacy;

/// <summary>
/// The privacy ledger's SQLite file (WAL, <c>synchronous=FULL</c>): the one connection, its schema, the lock every
/// store takes around its use of the connection, the day keys, and retention across all tables.
/// </summary>
/// <remarks>
/// One connection and one lock for all stores: a <see cref="SqliteConnection"/> is not thread-safe, and a budget
/// transaction must never interleave with another store's statements.
/// </remarks>
internal sealed class PrivacyLedgerDatabase : IDisposable
{
    private const string Schema = """
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
        """;

    private readonly SqliteConnection _connection;

    public PrivacyLedgerDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public string Path { get; }

    /// <summary>Held by every store around its commands and transactions on the connection.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Only under <see cref="Gate"/>.</summary>
    public SqliteCommand CreateCommand() => _connection.CreateCommand();

    /// <summary>Only under <see cref="Gate"/>.</summary>
    public SqliteTransaction BeginTransaction() => _connection.BeginTransaction();

    public static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDay(string key) => DateOnly.ParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Deletes noisy cells, sent reports and counters of days before <paramref name="firstKeptDay"/>; budget rows stay for auditors.</summary>
    public void Purge(DateOnly firstKeptDay)
    {
        lock (Gate)
        {
            using var delete = _connection.CreateCommand();
            delete.CommandText = """
                DELETE FROM cells WHERE day < $day;
                DELETE FROM releases WHERE day < $day AND outbox_sequence IS NOT NULL;
                DELETE FROM counters WHERE day < $day;
                """;
            delete.Parameters.AddWithValue("$day", DayKey(firstKeptDay));
            delete.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();
}
