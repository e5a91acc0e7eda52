using System.Data.Common;
using System.Globalization;
using Edge.Contracts;
using Microsoft.Data.Sqlite;

using static Edge.Cloud.Storage.Sql;

namespace Edge.Cloud.Storage;

/// <summary>
/// The default store: one SQLite file in WAL mode, for a trial or a single site. The <c>records</c> table is the
/// de-duplication ledger: its primary key (gateway_id, sequence) makes a re-sent record a no-op inside the same
/// transaction that would store it. Times are fixed-width ISO 8601 UTC text, so text order is time order.
/// </summary>
public sealed class SqliteCloudStore : RelationalCloudStore
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private readonly string _connectionString;

    public SqliteCloudStore(string path)
    {
        // Several processes (or ingest workers) may share the file: a busy database is retried for up to 30 s.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = true }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version < SchemaVersion)
        {
            command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('records') WHERE name = 'message';";
            if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
            {
                command.CommandText = MigrateFromFirstSchema;
                command.ExecuteNonQuery();
            }
        }

        var rekeyed = SqliteSiteKeys.SetAside(command);
        command.CommandText = Schema + $"PRAGMA user_version = {SchemaVersion};";
        command.ExecuteNonQuery();
        SqliteSiteKeys.CopyBack(command, rekeyed);
        SqliteMaintenanceSchema.Apply(command);
        if (version < SchemaVersion)
        {
            // The first schema had no latest-per-machine table: derive it from the summaries kept.
            command.CommandText = """
                INSERT OR IGNORE INTO machines (machine_id, gateway_id, last_window_end, sensors)
                SELECT machine_id, gateway_id, window_end, sensors FROM machine_summaries s
                WHERE window_end = (SELECT MAX(window_end) FROM machine_summaries t WHERE t.gateway_id = s.gateway_id AND t.machine_id = s.machine_id);
                """;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>3: machines, footfall cells and privacy keyed by gateway (site) too (<see cref="SqliteSiteKeys"/>).</summary>
    private const int SchemaVersion = 3;

    /// <summary>
    /// The foundation's first schema (records kept the message JSON; summaries keyed by gateway and sequence): keep its
    /// ledger and summaries, so an existing data folder (a demo run before this version) still de-duplicates and shows
    /// history. Its times were written with the "O" format, which is the fixed-width UTC text used here.
    /// </summary>
    private const string MigrateFromFirstSchema = """
        ALTER TABLE records RENAME TO records_v1;
        ALTER TABLE machine_summaries RENAME TO machine_summaries_v1;
        ALTER TABLE gateways RENAME TO gateways_v1;
        DROP INDEX IF EXISTS machine_summaries_by_machine;
        CREATE TABLE records (
            gateway_id TEXT NOT NULL, sequence INTEGER NOT NULL, kind TEXT NOT NULL,
            committed_at TEXT NOT NULL, received_at TEXT NOT NULL,
            PRIMARY KEY (gateway_id, sequence));
        INSERT INTO records SELECT gateway_id, sequence, kind, committed_at, received_at FROM records_v1;
        CREATE TABLE machine_summaries (
            gateway_id TEXT NOT NULL, sequence INTEGER NOT NULL, machine_id TEXT NOT NULL,
            window_start TEXT NOT NULL, window_end TEXT NOT NULL, sensors TEXT NOT NULL);
        INSERT INTO machine_summaries SELECT gateway_id, sequence, machine_id, window_start, window_end, sensors FROM machine_summaries_v1;
        CREATE TABLE gateways (
            gateway_id TEXT PRIMARY KEY, last_seen TEXT NOT NULL, last_sequence INTEGER NOT NULL,
            version TEXT, backlog INTEGER, autonomy_hours REAL, warnings TEXT, health_at TEXT);
        INSERT INTO gateways (gateway_id, last_seen, last_sequence) SELECT gateway_id, last_seen, last_sequence FROM gateways_v1;
        DROP TABLE records_v1;
        DROP TABLE machine_summaries_v1;
        DROP TABLE gateways_v1;
        """;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS records (
            gateway_id TEXT NOT NULL, sequence INTEGER NOT NULL, kind TEXT NOT NULL,
            committed_at TEXT NOT NULL, received_at TEXT NOT NULL,
            PRIMARY KEY (gateway_id, sequence));
        CREATE INDEX IF NOT EXISTS records_by_received ON records(received_at);
        CREATE TABLE IF NOT EXISTS gateways (
            gateway_id TEXT PRIMARY KEY, last_seen TEXT NOT NULL, last_sequence INTEGER NOT NULL,
            version TEXT, backlog INTEGER, autonomy_hours REAL, warnings TEXT, health_at TEXT);
        CREATE TABLE IF NOT EXISTS gateway_health (
            gateway_id TEXT NOT NULL, sequence INTEGER NOT NULL, at TEXT NOT NULL, version TEXT NOT NULL,
            backlog INTEGER NOT NULL, autonomy_hours REAL, warnings TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS gateway_health_by_gateway ON gateway_health(gateway_id, at);
        CREATE TABLE IF NOT EXISTS machine_summaries (
            gateway_id TEXT NOT NULL, sequence INTEGER NOT NULL, machine_id TEXT NOT NULL,
            window_start TEXT NOT NULL, window_end TEXT NOT NULL, sensors TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS machine_summaries_by_machine ON machine_summaries(machine_id, window_start);
        CREATE TABLE IF NOT EXISTS machines (
            machine_id TEXT NOT NULL, gateway_id TEXT NOT NULL, last_window_end TEXT NOT NULL, sensors TEXT NOT NULL,
            PRIMARY KEY (gateway_id, machine_id));
        CREATE TABLE IF NOT EXISTS alerts (
            gateway_id TEXT NOT NULL, alert_id TEXT NOT NULL, machine_id TEXT NOT NULL, alert_kind TEXT NOT NULL,
            severity TEXT NOT NULL, state TEXT NOT NULL, edge_state TEXT NOT NULL, predicted_rul REAL, rul_unit TEXT,
            failure_probability REAL, model_version TEXT, reason TEXT NOT NULL, top_features TEXT NOT NULL,
            first_seen TEXT NOT NULL, last_updated TEXT NOT NULL, acknowledged_by TEXT, acknowledged_at TEXT,
            resolved_by TEXT, resolved_at TEXT, PRIMARY KEY (gateway_id, alert_id));
        CREATE INDEX IF NOT EXISTS alerts_by_state ON alerts(state, severity);
        CREATE TABLE IF NOT EXISTS alert_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT, gateway_id TEXT NOT NULL, alert_id TEXT NOT NULL, at TEXT NOT NULL,
            action TEXT NOT NULL, actor TEXT NOT NULL, comment TEXT, severity TEXT NOT NULL, state TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS alert_history_by_alert ON alert_history(gateway_id, alert_id);
        CREATE TABLE IF NOT EXISTS predictions (
            gateway_id TEXT NOT NULL, machine_id TEXT NOT NULL, at TEXT NOT NULL, predicted_rul REAL, rul_unit TEXT,
            failure_probability REAL, model_version TEXT, alert_id TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS predictions_by_machine ON predictions(machine_id, at);
        CREATE TABLE IF NOT EXISTS footfall_cells (
            store_id TEXT NOT NULL, zone_id TEXT NOT NULL, window_start TEXT NOT NULL, window_end TEXT NOT NULL, day TEXT NOT NULL,
            gateway_id TEXT NOT NULL, visitors INTEGER, dwell_seconds_sum INTEGER, suppressed INTEGER NOT NULL, partial INTEGER NOT NULL,
            PRIMARY KEY (gateway_id, store_id, zone_id, window_start));
        CREATE INDEX IF NOT EXISTS footfall_by_day ON footfall_cells(store_id, day);
        CREATE TABLE IF NOT EXISTS footfall_privacy (
            store_id TEXT NOT NULL, day TEXT NOT NULL, gateway_id TEXT NOT NULL, epsilon_per_release REAL NOT NULL,
            epsilon_per_day REAL NOT NULL, max_windows_per_device INTEGER NOT NULL, suppress_below INTEGER NOT NULL,
            window_seconds REAL NOT NULL, max_dwell_seconds REAL NOT NULL, count_noise95 INTEGER NOT NULL, received_at TEXT NOT NULL,
            parameters TEXT NOT NULL, PRIMARY KEY (gateway_id, store_id, day));
        CREATE TABLE IF NOT EXISTS users (
            name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS user_sites (name TEXT NOT NULL, site TEXT NOT NULL, PRIMARY KEY (name, site));
        CREATE TABLE IF NOT EXISTS api_tokens (
            token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, label TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            target TEXT NOT NULL, detail TEXT);
        """;

    internal override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // temp_store=MEMORY: a statement that inserts several rows keeps a statement journal (the pages it changed, to
        // undo it alone if it fails); on a temporary file that was 4 KiB written per page touched, more than the WAL
        // itself. Durability is the WAL's (synchronous=FULL), never the statement journal's.
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    internal override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>The round-trip format of a UTC instant is exactly <see cref="TimeFormat"/>, and much cheaper than a custom format.</summary>
    internal override object Time(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    internal override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    internal override object Day(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal override DateOnly ReadDay(DbDataReader reader, int ordinal) => DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The (gateway, sequence) pairs already in the ledger are looked up once per gateway of the batch (a range of its
    /// primary key), then only the new records are inserted. Safe without INSERT OR IGNORE because the transaction began
    /// IMMEDIATE: no other connection can write between the look-up and the insert.
    /// </summary>
    internal override Task<IReadOnlyList<UplinkEnvelope>> InsertLedgerAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        var write = (SqliteTransaction)transaction;
        var fresh = new List<UplinkEnvelope>(batch.Count);
        using (var existing = sqlite.CreateCommand())
        {
            existing.Transaction = write;
            existing.CommandText = "SELECT sequence FROM records WHERE gateway_id = @gateway AND sequence BETWEEN @first AND @last ORDER BY sequence;";
            var gateway = existing.Parameters.Add("@gateway", SqliteType.Text);
            var first = existing.Parameters.Add("@first", SqliteType.Integer);
            var last = existing.Parameters.Add("@last", SqliteType.Integer);

            // The batch is sorted by gateway, then sequence: one run per gateway, merged against its stored sequences.
            for (var runStart = 0; runStart < batch.Count;)
            {
                var runEnd = runStart;
                while (runEnd + 1 < batch.Count && string.Equals(batch[runEnd + 1].GatewayId, batch[runStart].GatewayId, StringComparison.Ordinal))
                {
                    runEnd++;
                }

                gateway.Value = batch[runStart].GatewayId;
                first.Value = batch[runStart].Sequence;
                last.Value = batch[runEnd].Sequence;
                using var reader = existing.ExecuteReader();
                var stored = reader.Read() ? reader.GetInt64(0) : long.MaxValue;
                for (var i = runStart; i <= runEnd; i++)
                {
                    while (stored < batch[i].Sequence)
                    {
                        stored = reader.Read() ? reader.GetInt64(0) : long.MaxValue;
                    }

                    if (stored != batch[i].Sequence)
                    {
                        fresh.Add(batch[i]);
                    }
                }

                runStart = runEnd + 1;
            }
        }

        SqliteRowInsert.Run(sqlite, "INSERT INTO records (gateway_id, sequence, kind, committed_at, received_at)", 5, fresh, (envelope, row) =>
        {
            row.Text(0, envelope.GatewayId);
            row.Int64(1, envelope.Sequence);
            row.Text(2, envelope.Message.Kind);
            row.Time(3, envelope.CommittedAt);
            row.Time(4, receivedAt);
        });
        return Task.FromResult<IReadOnlyList<UplinkEnvelope>>(fresh);
    }

    internal override Task InsertSummariesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(UplinkEnvelope Envelope, MachineSummary Summary)> summaries, CancellationToken cancellationToken)
    {
        using var sensors = new SensorsJsonWriter();
        SqliteRowInsert.Run((SqliteConnection)connection,
            "INSERT INTO machine_summaries (gateway_id, sequence, machine_id, window_start, window_end, sensors)", 6, summaries, (item, row) =>
            {
                row.Text(0, item.Envelope.GatewayId);
                row.Int64(1, item.Envelope.Sequence);
                row.Text(2, item.Summary.MachineId);
                row.Time(3, item.Summary.WindowStart);
                row.Time(4, item.Summary.WindowEnd);
                row.Utf8(5, sensors.Write(item.Summary.Sensors));
            });
        return Task.CompletedTask;
    }

    public override async Task ApplyRetentionAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var command = Command(connection, transaction, """
            DELETE FROM machine_summaries WHERE window_start < @cutoff;
            DELETE FROM predictions WHERE at < @cutoff;
            DELETE FROM gateway_health WHERE at < @cutoff;
            DELETE FROM footfall_cells WHERE window_start < @cutoff;
            DELETE FROM records WHERE received_at < @cutoff;
            """);
        Set(command, "@cutoff", Time(cutoff));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
