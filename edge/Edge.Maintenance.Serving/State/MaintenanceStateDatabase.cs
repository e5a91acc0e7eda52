using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Maintenance.Serving.State;

/// <summary>
/// The maintenance capability's own SQLite file in the data directory (<c>maintenance.db</c>): per-machine feature state
/// checkpoints, the machine events the gateway learned of (local API or cloud), and small settings (the cloud event
/// cursor, the cloud's model assignments, the plant clock's origin). WAL with <c>synchronous=FULL</c>, like the outbox:
/// a checkpoint that returned is on disk. One connection, used under <see cref="_gate"/>.
/// </summary>
public sealed class MaintenanceStateDatabase : IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=FULL;
        CREATE TABLE IF NOT EXISTS machine_state (
            machine TEXT NOT NULL,
            part TEXT NOT NULL,
            saved_at_ms INTEGER NOT NULL,
            state BLOB NOT NULL,
            PRIMARY KEY (machine, part));
        CREATE TABLE IF NOT EXISTS machine_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            machine TEXT NOT NULL,
            timestamp_ms INTEGER NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL,
            source TEXT NOT NULL,
            cloud_id INTEGER UNIQUE);
        CREATE TABLE IF NOT EXISTS settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL);
        """;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public MaintenanceStateDatabase(string path)
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

    /// <summary>Writes (or replaces) one part of the checkpoints of the given machines in one transaction; machines not given keep theirs.</summary>
    public void SaveStates(IReadOnlyCollection<KeyValuePair<string, byte[]>> states, DateTimeOffset savedAt, string part = "history")
    {
        ArgumentNullException.ThrowIfNull(states);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var upsert = _connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = "INSERT INTO machine_state (machine, part, saved_at_ms, state) VALUES ($machine, $part, $at, $state) ON CONFLICT(machine, part) DO UPDATE SET saved_at_ms = excluded.saved_at_ms, state = excluded.state";
            upsert.Parameters.AddWithValue("$part", part);
            var machine = upsert.Parameters.Add("$machine", SqliteType.Text);
            var at = upsert.Parameters.Add("$at", SqliteType.Integer);
            var state = upsert.Parameters.Add("$state", SqliteType.Blob);
            foreach (var (name, bytes) in states)
            {
                machine.Value = name;
                at.Value = savedAt.ToUnixTimeMilliseconds();
                state.Value = bytes;
                upsert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public Dictionary<string, byte[]> LoadStates(string part = "history")
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT machine, state FROM machine_state WHERE part = $part";
            select.Parameters.AddWithValue("$part", part);
            using var reader = select.ExecuteReader();
            var states = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            while (reader.Read())
            {
                states[reader.GetString(0)] = reader.IsDBNull(1) ? [] : (byte[])reader.GetValue(1);
            }

            return states;
        }
    }

    public void DeleteState(string machine, string? part = null)
    {
        lock (_gate)
        {
            using var delete = _connection.CreateCommand();
            delete.CommandText = "DELETE FROM machine_state WHERE machine = $machine AND ($part IS NULL OR part = $part)";
            delete.Parameters.AddWithValue("$part", (object?)part ?? DBNull.Value);
            delete.Parameters.AddWithValue("$machine", machine);
            delete.ExecuteNonQuery();
        }
    }

    /// <summary>Stores an event; false when an event of that cloud id is already stored (a poll seen twice).</summary>
    public bool AppendEvent(StoredMachineEvent machineEvent)
    {
        ArgumentNullException.ThrowIfNull(machineEvent);
        lock (_gate)
        {
            using var insert = _connection.CreateCommand();
            insert.CommandText = "INSERT OR IGNORE INTO machine_events (machine, timestamp_ms, kind, detail, source, cloud_id) VALUES ($machine, $ts, $kind, $detail, $source, $cloud)";
            insert.Parameters.AddWithValue("$machine", machineEvent.Machine);
            insert.Parameters.AddWithValue("$ts", machineEvent.Timestamp.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$kind", machineEvent.Kind);
            insert.Parameters.AddWithValue("$detail", machineEvent.Detail);
            insert.Parameters.AddWithValue("$source", machineEvent.Source);
            insert.Parameters.AddWithValue("$cloud", (object?)machineEvent.CloudId ?? DBNull.Value);
            return insert.ExecuteNonQuery() > 0;
        }
    }

    /// <summary>The latest <paramref name="limit"/> events, of one machine or all, newest first.</summary>
    public List<StoredMachineEvent> Events(string? machine, int limit)
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT machine, timestamp_ms, kind, detail, source, cloud_id FROM machine_events WHERE ($machine IS NULL OR machine = $machine) ORDER BY id DESC LIMIT $limit";
            select.Parameters.AddWithValue("$machine", (object?)machine ?? DBNull.Value);
            select.Parameters.AddWithValue("$limit", limit);
            using var reader = select.ExecuteReader();
            var events = new List<StoredMachineEvent>();
            while (reader.Read())
            {
                events.Add(new StoredMachineEvent(
                    reader.GetString(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetInt64(5)));
            }

            return events;
        }
    }

    public string? GetSetting(string key)
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT value FROM settings WHERE key = $key";
            select.Parameters.AddWithValue("$key", key);
            return select.ExecuteScalar() as string;
        }
    }

    public void SetSetting(string key, string value)
    {
        lock (_gate)
        {
            using var upsert = _connection.CreateCommand();
            upsert.CommandText = "INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
            upsert.Parameters.AddWithValue("$key", key);
            upsert.Parameters.AddWithValue("$value", value);
            upsert.ExecuteNonQuery();
        }
    }

    public long GetCursor(string key) =>
        long.TryParse(GetSetting(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public void SetCursor(string key, long value) => SetSetting(key, value.ToString(CultureInfo.InvariantCulture));

    public void Dispose() => _connection.Dispose();
}
