using System.Data.Common;
using System.Globalization;
using Edge.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Edge.Cloud.Storage;

/// <summary>
/// The store for large fleets: PostgreSQL through Npgsql. The ledger insert is one set-based statement per batch
/// (<c>unnest</c> + <c>ON CONFLICT DO NOTHING RETURNING</c>), summaries go in by binary COPY, and time series are
/// partitioned by day. Any number of stateless ingest workers may write at once: the ledger's primary key decides
/// which of two racing inserts of the same (gateway, sequence) stores it.
/// </summary>
public sealed class PostgresCloudStore : RelationalCloudStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresPartitions _partitionManager;

    private readonly Lazy<Task> _schema;

    public PostgresCloudStore(string connectionString, TimeProvider timeProvider, TimeSpan retention)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _schema = new Lazy<Task>(CreateSchemaAsync);
        _partitionManager = new PostgresPartitions(_dataSource, timeProvider, retention);
    }

    /// <summary>Creates the schema if needed (idempotent, safe when several workers start together).</summary>
    private async Task CreateSchemaAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgresPartitions.LockKey}); {PostgresSchema.Create} {PostgresSchema.MigrateSiteKeys} {PostgresMaintenanceSchema.Create}", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        await _schema.Value.WaitAsync(cancellationToken);
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    internal override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await OpenConnectionAsync(cancellationToken);

    internal override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    internal override object Time(DateTimeOffset value) => value.ToUniversalTime();

    internal override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    internal override object Day(DateOnly value) => value;

    internal override DateOnly ReadDay(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);

    internal override async Task PrepareIngestAsync(IReadOnlyList<UplinkEnvelope> batch, CancellationToken cancellationToken)
    {
        await _schema.Value.WaitAsync(cancellationToken);
        // Each (table, day) once per batch: a backlog's records share a handful of days.
        var days = new HashSet<(string Table, DateOnly Day)>();
        foreach (var envelope in batch)
        {
            switch (envelope.Message)
            {
                case MachineSummary summary:
                    days.Add(("machine_summaries", Day(summary.WindowStart)));
                    break;
                case FailureAlert alert:
                    days.Add(("predictions", Day(alert.LastUpdated)));
                    break;
                case GatewayHealth:
                    days.Add(("gateway_health", Day(envelope.CommittedAt)));
                    break;
                case FootfallReport footfall:
                    foreach (var cell in footfall.Cells)
                    {
                        days.Add(("footfall_cells", Day(cell.WindowStart)));
                    }

                    break;
            }
        }

        foreach (var (table, day) in days)
        {
            await _partitionManager.EnsureAsync(table, day, cancellationToken);
        }

        static DateOnly Day(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);
    }

    internal override async Task<IReadOnlyList<UplinkEnvelope>> InsertLedgerAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var gateways = new string[batch.Count];
        var sequences = new long[batch.Count];
        var kinds = new string[batch.Count];
        var committed = new DateTime[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            gateways[i] = batch[i].GatewayId;
            sequences[i] = batch[i].Sequence;
            kinds[i] = batch[i].Message.Kind;
            committed[i] = batch[i].CommittedAt.UtcDateTime;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO records (gateway_id, sequence, kind, committed_at, received_at)
            SELECT g, s, k, c, @received FROM unnest(@gateways, @sequences, @kinds, @committed) AS t(g, s, k, c)
            ON CONFLICT (gateway_id, sequence) DO NOTHING
            RETURNING gateway_id, sequence;
            """, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("received", NpgsqlDbType.TimestampTz) { TypedValue = receivedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string[]>("gateways", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = gateways });
        command.Parameters.Add(new NpgsqlParameter<long[]>("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = sequences });
        command.Parameters.Add(new NpgsqlParameter<string[]>("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = kinds });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("committed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = committed });
        var inserted = new HashSet<(string, long)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var fresh = new List<UplinkEnvelope>(inserted.Count);
        foreach (var envelope in batch)
        {
            if (inserted.Contains((envelope.GatewayId, envelope.Sequence)))
            {
                fresh.Add(envelope);
            }
        }

        return fresh;
    }

    /// <summary>One statement for every gateway of the batch (round trips, not rows, are what a batch pays for).</summary>
    internal override async Task UpsertGatewaysAsync(DbConnection connection, DbTransaction transaction, List<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var last = BatchWriter.LastPerGateway(batch);
        var gateways = new string[last.Count];
        var sequences = new long[last.Count];
        for (var i = 0; i < last.Count; i++)
        {
            gateways[i] = last[i].GatewayId;
            sequences[i] = last[i].Sequence;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO gateways (gateway_id, last_seen, last_sequence)
            SELECT g, @received, s FROM unnest(@gateways, @sequences) AS t(g, s)
            ON CONFLICT (gateway_id) DO UPDATE SET last_seen = excluded.last_seen,
                last_sequence = GREATEST(gateways.last_sequence, excluded.last_sequence);
            """, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("received", NpgsqlDbType.TimestampTz) { TypedValue = receivedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string[]>("gateways", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = gateways });
        command.Parameters.Add(new NpgsqlParameter<long[]>("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = sequences });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal override async Task UpsertLatestMachinesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(UplinkEnvelope Envelope, MachineSummary Summary)> summaries, CancellationToken cancellationToken)
    {
        var latest = BatchWriter.LatestPerMachine(summaries);
        var machines = new string[latest.Count];
        var gateways = new string[latest.Count];
        var ends = new DateTime[latest.Count];
        var sensors = new string[latest.Count];
        var i = 0;
        foreach (var item in latest)
        {
            machines[i] = item.Summary.MachineId;
            gateways[i] = item.Envelope.GatewayId;
            ends[i] = item.Summary.WindowEnd.UtcDateTime;
            sensors[i] = BatchWriter.SensorsJson(item.Summary);
            i++;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO machines (machine_id, gateway_id, last_window_end, sensors)
            SELECT m, g, e, s FROM unnest(@machines, @gateways, @ends, @sensors) AS t(m, g, e, s)
            ON CONFLICT (gateway_id, machine_id) DO UPDATE SET last_window_end = excluded.last_window_end, sensors = excluded.sensors
            WHERE machines.last_window_end <= excluded.last_window_end;
            """, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("machines", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = machines });
        command.Parameters.Add(new NpgsqlParameter<string[]>("gateways", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = gateways });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ends", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = ends });
        command.Parameters.Add(new NpgsqlParameter<string[]>("sensors", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = sensors });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal override async Task InsertSummariesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(UplinkEnvelope Envelope, MachineSummary Summary)> summaries, CancellationToken cancellationToken)
    {
        await using var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
            "COPY machine_summaries (gateway_id, sequence, machine_id, window_start, window_end, sensors) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (envelope, summary) in summaries)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(envelope.GatewayId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(envelope.Sequence, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(summary.MachineId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(summary.WindowStart.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(summary.WindowEnd.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(BatchWriter.SensorsJson(summary), NpgsqlDbType.Text, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    public override async Task ApplyRetentionAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await _schema.Value.WaitAsync(cancellationToken);
        await _partitionManager.ApplyRetentionAsync(cutoff, cancellationToken);
    }

    /// <summary>Names of the partitions of <paramref name="table"/> (for tests and operators).</summary>
    public async Task<IReadOnlyList<string>> GetPartitionsAsync(string table, CancellationToken cancellationToken)
    {
        await _schema.Value.WaitAsync(cancellationToken);
        return await _partitionManager.ListAsync(table, cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
