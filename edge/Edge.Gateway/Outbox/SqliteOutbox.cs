using System.Text.Json;
using Edge.Contracts;
using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Outbox;

/// <summary>
/// The durability boundary: uplink messages are committed here, in batches, before anything is sent.
/// WAL with <c>synchronous=FULL</c>, so a committed record survives power loss. The sequence is SQLite's
/// AUTOINCREMENT rowid: strictly increasing and never reused, also across restarts and deletions.
/// A record is deleted only after the cloud broker acknowledged it.
/// </summary>
public sealed class SqliteOutbox : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqliteOutbox(string path, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _timeProvider = timeProvider;
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS outbox (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                priority INTEGER NOT NULL,
                kind TEXT NOT NULL,
                committed_at_ms INTEGER NOT NULL,
                clock_synchronized INTEGER NOT NULL,
                payload BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS outbox_by_priority ON outbox(priority, sequence);
            """);
    }

    public string Path { get; }

    /// <summary>Commits <paramref name="messages"/> in one transaction and returns their sequences.</summary>
    public IReadOnlyList<long> Append(IReadOnlyList<UplinkMessage> messages, bool clockSynchronized = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sequences = new long[messages.Count];
        if (messages.Count == 0)
        {
            return sequences;
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO outbox (priority, kind, committed_at_ms, clock_synchronized, payload)
                VALUES ($priority, $kind, $at, $synchronized, $payload) RETURNING sequence;
                """;
            var priority = insert.Parameters.Add("$priority", SqliteType.Integer);
            var kind = insert.Parameters.Add("$kind", SqliteType.Text);
            insert.Parameters.AddWithValue("$at", now);
            insert.Parameters.AddWithValue("$synchronized", clockSynchronized ? 1 : 0);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                priority.Value = (int)message.Priority;
                kind.Value = message.Kind;
                payload.Value = JsonSerializer.SerializeToUtf8Bytes(message, ContractsJsonContext.Default.UplinkMessage);
                sequences[i] = (long)insert.ExecuteScalar()!;
            }

            transaction.Commit();
        }

        Signal();
        return sequences;
    }

    /// <summary>The next records to send: highest class first, then oldest first.</summary>
    public IReadOnlyList<OutboxRecord> Peek(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var records = new List<OutboxRecord>(max);
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = """
                SELECT sequence, priority, kind, committed_at_ms, clock_synchronized, payload
                FROM outbox ORDER BY priority, sequence LIMIT $max;
                """;
            select.Parameters.AddWithValue("$max", max);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                records.Add(new OutboxRecord(
                    reader.GetInt64(0),
                    (PriorityClass)reader.GetInt32(1),
                    reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    reader.GetInt32(4) != 0,
                    (byte[])reader.GetValue(5)));
            }
        }

        return records;
    }

    /// <summary>Deletes records the cloud acknowledged.</summary>
    public void Acknowledge(IReadOnlyCollection<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM outbox WHERE sequence = $sequence;";
            var parameter = delete.Parameters.Add("$sequence", SqliteType.Integer);
            foreach (var sequence in sequences)
            {
                parameter.Value = sequence;
                delete.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>Records waiting to be sent.</summary>
    public long Backlog
    {
        get
        {
            lock (_gate)
            {
                using var count = _connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM outbox;";
                return (long)count.ExecuteScalar()!;
            }
        }
    }

    /// <summary>Highest sequence ever committed (0 when none).</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                using var select = _connection.CreateCommand();
                select.CommandText = "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0);";
                return (long)select.ExecuteScalar()!;
            }
        }
    }

    /// <summary>
    /// Completes at the next append. Take it <em>before</em> peeking, so an append between the peek and the wait is not missed.
    /// </summary>
    public Task NextAppend => Volatile.Read(ref _appended).Task;

    private void Signal() =>
        Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
    }
}
