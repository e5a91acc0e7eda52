using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// Opens the outbox file. A file SQLite cannot read (zeroed, truncated, garbage) is moved aside to
/// <c>&lt;name&gt;.corrupt-&lt;time&gt;</c> with its WAL and shared-memory files, and a fresh outbox takes its place:
/// the gateway keeps ingesting instead of refusing to start.
/// </summary>
internal static class OutboxDatabase
{
    /// <summary>Bytes counted per row on top of its payload (row header, sequence, class, time, index entry).</summary>
    public const long RowOverheadBytes = 64;

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    public static SqliteConnection Open(string path, TimeProvider timeProvider, out string? quarantinedTo)
    {
        quarantinedTo = null;
        try
        {
            return OpenChecked(path);
        }
        catch (Exception exception) when (IsCorruption(exception))
        {
            quarantinedTo = Quarantine(path, timeProvider);
            return OpenChecked(path);
        }
    }

    public static bool IsCorruption(Exception exception) =>
        exception is InvalidDataException
        || exception is SqliteException { SqliteErrorCode: SqliteCorrupt or SqliteNotADatabase };

    private static SqliteConnection OpenChecked(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check;";
                var result = check.ExecuteScalar() as string;
                if (!string.Equals(result, "ok", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"quick_check reported: {result}");
                }
            }

            // FULL: the WAL is fsynced at every commit, so a commit that returned survives power loss.
            // journal_size_limit: after a checkpoint the WAL shrinks back instead of keeping its peak size on the SD card.
            Execute(connection, """
                PRAGMA synchronous=FULL;
                PRAGMA journal_size_limit=4194304;
                CREATE TABLE IF NOT EXISTS outbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    priority INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    committed_at_ms INTEGER NOT NULL,
                    clock_synchronized INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    weight INTEGER NOT NULL DEFAULT 1);
                CREATE INDEX IF NOT EXISTS outbox_by_priority ON outbox(priority, sequence);
                CREATE TABLE IF NOT EXISTS outbox_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                """);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static string Quarantine(string path, TimeProvider timeProvider)
    {
        var stamp = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"{path}.corrupt-{stamp}";
        for (var attempt = 1; File.Exists(target); attempt++)
        {
            target = $"{path}.corrupt-{stamp}-{attempt.ToString(CultureInfo.InvariantCulture)}";
        }

        File.Move(path, target);
        foreach (var suffix in (string[])["-wal", "-shm"])
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, target + suffix);
            }
        }

        return target;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : 0;
    }
}
