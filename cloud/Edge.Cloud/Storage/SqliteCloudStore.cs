using System.Text.Json;
using Edge.Contracts;
using Microsoft.Data.Sqlite;

namespace Edge.Cloud.Storage;

/// <summary>
/// The default store: one SQLite file in WAL mode. The <c>records</c> table is the de-duplication ledger: its primary key
/// (gateway_id, sequence) makes a re-sent record a no-op inside the same transaction that would store it.
/// </summary>
public sealed class SqliteCloudStore : ICloudStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteCloudStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS records (
                gateway_id TEXT NOT NULL, sequence INTEGER NOT NULL, kind TEXT NOT NULL,
                committed_at TEXT NOT NULL, received_at TEXT NOT NULL, message TEXT NOT NULL,
                PRIMARY KEY (gateway_id, sequence));
            CREATE TABLE IF NOT EXISTS gateways (
                gateway_id TEXT PRIMARY KEY, last_seen TEXT NOT NULL, last_sequence INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS machine_summaries (
                gateway_id TEXT NOT NULL, sequence INTEGER NOT NULL, machine_id TEXT NOT NULL,
                window_start TEXT NOT NULL, window_end TEXT NOT NULL, sensors TEXT NOT NULL,
                PRIMARY KEY (gateway_id, sequence));
            CREATE INDEX IF NOT EXISTS machine_summaries_by_machine ON machine_summaries(machine_id, window_start);
            """;
        command.ExecuteNonQuery();
    }

    public async Task<int> IngestAsync(IReadOnlyList<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using var record = Command(transaction, """
                INSERT OR IGNORE INTO records (gateway_id, sequence, kind, committed_at, received_at, message)
                VALUES ($gateway, $sequence, $kind, $committed, $received, $message);
                """);
            using var gateway = Command(transaction, """
                INSERT INTO gateways (gateway_id, last_seen, last_sequence) VALUES ($gateway, $received, $sequence)
                ON CONFLICT(gateway_id) DO UPDATE SET last_seen = excluded.last_seen,
                    last_sequence = MAX(last_sequence, excluded.last_sequence);
                """);
            using var summary = Command(transaction, """
                INSERT INTO machine_summaries (gateway_id, sequence, machine_id, window_start, window_end, sensors)
                VALUES ($gateway, $sequence, $machine, $start, $end, $sensors);
                """);
            var received = receivedAt.UtcDateTime.ToString("O");
            var stored = 0;
            foreach (var envelope in batch)
            {
                Set(gateway, ("$gateway", envelope.GatewayId), ("$received", received), ("$sequence", envelope.Sequence));
                await gateway.ExecuteNonQueryAsync(cancellationToken);

                Set(record,
                    ("$gateway", envelope.GatewayId), ("$sequence", envelope.Sequence), ("$kind", envelope.Message.Kind),
                    ("$committed", envelope.CommittedAt.UtcDateTime.ToString("O")), ("$received", received),
                    ("$message", JsonSerializer.Serialize(envelope.Message, ContractsJsonContext.Default.UplinkMessage)));
                if (await record.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    continue; // Seen before: a resend after a lost PUBACK.
                }

                stored++;
                if (envelope.Message is MachineSummary machine)
                {
                    Set(summary,
                        ("$gateway", envelope.GatewayId), ("$sequence", envelope.Sequence), ("$machine", machine.MachineId),
                        ("$start", machine.WindowStart.UtcDateTime.ToString("O")), ("$end", machine.WindowEnd.UtcDateTime.ToString("O")),
                        ("$sensors", JsonSerializer.Serialize(machine.Sensors, CloudStorageJsonContext.Default.IReadOnlyListSensorSummary)));
                    await summary.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<GatewayRow>> GetGatewaysAsync(CancellationToken cancellationToken) =>
        await QueryAsync("""
            SELECT g.gateway_id, g.last_seen, g.last_sequence, (SELECT COUNT(*) FROM records r WHERE r.gateway_id = g.gateway_id)
            FROM gateways g ORDER BY g.gateway_id;
            """, [], reader => new GatewayRow(reader.GetString(0), ParseTime(reader.GetString(1)), reader.GetInt64(2), reader.GetInt64(3)), cancellationToken);

    public async Task<IReadOnlyList<MachineRow>> GetMachinesAsync(CancellationToken cancellationToken) =>
        await QueryAsync("""
            SELECT s.machine_id, s.gateway_id, s.window_end, s.sensors FROM machine_summaries s
            JOIN (SELECT machine_id, MAX(window_end) AS last_end FROM machine_summaries GROUP BY machine_id) latest
              ON latest.machine_id = s.machine_id AND latest.last_end = s.window_end
            GROUP BY s.machine_id ORDER BY s.machine_id;
            """, [], reader => new MachineRow(
                reader.GetString(0),
                reader.GetString(1),
                ParseTime(reader.GetString(2)),
                ReadSensors(reader.GetString(3)).ToDictionary(sensor => sensor.Sensor, sensor => sensor.Mean, StringComparer.Ordinal)), cancellationToken);

    public async Task<IReadOnlyList<SummaryRow>> GetSummariesAsync(string machineId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await QueryAsync("""
            SELECT gateway_id, sequence, machine_id, window_start, window_end, sensors FROM machine_summaries
            WHERE machine_id = $machine AND window_start >= $from AND window_start < $to ORDER BY window_start, gateway_id, sequence;
            """,
            [("$machine", machineId), ("$from", from.UtcDateTime.ToString("O")), ("$to", to.UtcDateTime.ToString("O"))],
            reader => new SummaryRow(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), ParseTime(reader.GetString(3)), ParseTime(reader.GetString(4)), ReadSensors(reader.GetString(5))),
            cancellationToken);

    public async Task<long> CountRecordsAsync(CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("SELECT COUNT(*) FROM records;", [], reader => reader.GetInt64(0), cancellationToken);
        return rows[0];
    }

    private async Task<List<T>> QueryAsync<T>(string sql, (string Name, object Value)[] parameters, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = Command(null, sql);
            Set(command, parameters);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Set(SqliteCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            if (command.Parameters.Contains(name))
            {
                command.Parameters[name].Value = value;
            }
            else
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }

    private static DateTimeOffset ParseTime(string value) => DateTimeOffset.Parse(value, null, System.Globalization.DateTimeStyles.AssumeUniversal);

    private static IReadOnlyList<SensorSummary> ReadSensors(string json) =>
        JsonSerializer.Deserialize(json, CloudStorageJsonContext.Default.IReadOnlyListSensorSummary) ?? [];

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
