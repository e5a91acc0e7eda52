using System.Data.Common;
using System.Text.Json;
using Edge.Contracts;

using static Edge.Cloud.Storage.Sql;

namespace Edge.Cloud.Storage;

/// <summary>
/// Stores a batch of gateway records in one transaction: the (gateway, sequence) ledger decides which records are new,
/// then each new record is applied by kind. The provider's bulk paths (ledger, summaries, the two upserts) are the
/// store's; alerts are <see cref="AlertWriter"/>'s, footfall reports <see cref="FootfallWriter"/>'s; gateway health is written here.
/// </summary>
internal sealed class BatchWriter
{
    private readonly RelationalCloudStore _store;
    private readonly AlertWriter _alerts;
    private readonly FootfallWriter _footfall;

    public BatchWriter(RelationalCloudStore store, AlertWriter alerts)
    {
        _store = store;
        _alerts = alerts;
        _footfall = new FootfallWriter(store);
    }

    public async Task<int> IngestAsync(IReadOnlyList<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Sorted and unique: concurrent workers then take row locks in one order (no deadlock) and a batch never
        // conflicts with itself.
        var ordered = new List<UplinkEnvelope>(batch);
        ordered.Sort(static (a, b) =>
        {
            var byGateway = string.CompareOrdinal(a.GatewayId, b.GatewayId);
            return byGateway != 0 ? byGateway : a.Sequence.CompareTo(b.Sequence);
        });
        var unique = new List<UplinkEnvelope>(ordered.Count);
        foreach (var envelope in ordered)
        {
            if (unique.Count == 0 || unique[^1].GatewayId != envelope.GatewayId || unique[^1].Sequence != envelope.Sequence)
            {
                unique.Add(envelope);
            }
        }

        await _store.PrepareIngestAsync(unique, cancellationToken);
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var transaction = await _store.BeginWriteAsync(connection, cancellationToken);
        var fresh = await _store.InsertLedgerAsync(connection, transaction, unique, receivedAt, cancellationToken);
        await _store.UpsertGatewaysAsync(connection, transaction, unique, receivedAt, cancellationToken);

        var summaries = new List<(UplinkEnvelope Envelope, MachineSummary Summary)>();
        foreach (var envelope in fresh)
        {
            switch (envelope.Message)
            {
                case MachineSummary summary:
                    summaries.Add((envelope, summary));
                    break;
                case FailureAlert alert:
                    await _alerts.ApplyAsync(connection, transaction, envelope.GatewayId, alert, receivedAt, cancellationToken);
                    break;
                case FootfallReport footfall:
                    await _footfall.ApplyAsync(connection, transaction, envelope.GatewayId, footfall, receivedAt, cancellationToken);
                    break;
                case GatewayHealth health:
                    await ApplyHealthAsync(connection, transaction, envelope, health, cancellationToken);
                    break;
            }
        }

        if (summaries.Count > 0)
        {
            await _store.InsertSummariesAsync(connection, transaction, summaries, cancellationToken);
            await _store.UpsertLatestMachinesAsync(connection, transaction, summaries, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fresh.Count;
    }

    public static string SensorsJson(MachineSummary summary) =>
        JsonSerializer.Serialize(summary.Sensors, CloudStorageJsonContext.Default.IReadOnlyListSensorSummary);

    /// <summary>The last envelope of each gateway's run in a batch sorted by gateway then sequence: its highest sequence.</summary>
    public static List<UplinkEnvelope> LastPerGateway(List<UplinkEnvelope> batch)
    {
        var last = new List<UplinkEnvelope>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (i + 1 == batch.Count || batch[i + 1].GatewayId != batch[i].GatewayId)
            {
                last.Add(batch[i]);
            }
        }

        return last;
    }

    /// <summary>The newest summary of each machine in a batch.</summary>
    /// <summary>The newest summary of each (site, machine) in the batch: two sites may use the same machine id.</summary>
    public static Dictionary<(string GatewayId, string MachineId), (UplinkEnvelope Envelope, MachineSummary Summary)>.ValueCollection LatestPerMachine(
        IReadOnlyList<(UplinkEnvelope Envelope, MachineSummary Summary)> summaries)
    {
        var latest = new Dictionary<(string GatewayId, string MachineId), (UplinkEnvelope Envelope, MachineSummary Summary)>();
        foreach (var item in summaries)
        {
            var key = (item.Envelope.GatewayId, item.Summary.MachineId);
            if (!latest.TryGetValue(key, out var seen) || seen.Summary.WindowEnd < item.Summary.WindowEnd)
            {
                latest[key] = item;
            }
        }

        return latest.Values;
    }

    public async Task UpsertGatewaysPerRowAsync(DbConnection connection, DbTransaction transaction, List<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO gateways (gateway_id, last_seen, last_sequence) VALUES (@gateway, @received, @sequence)
            ON CONFLICT (gateway_id) DO UPDATE SET last_seen = excluded.last_seen,
                last_sequence = CASE WHEN gateways.last_sequence > excluded.last_sequence THEN gateways.last_sequence ELSE excluded.last_sequence END;
            """);
        foreach (var envelope in LastPerGateway(batch))
        {
            Set(command, "@gateway", envelope.GatewayId);
            Set(command, "@received", _store.Time(receivedAt));
            Set(command, "@sequence", envelope.Sequence);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Keeps one row per (site, machine) with its newest window, so listing machines never scans the time series.</summary>
    public async Task UpsertLatestMachinesPerRowAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(UplinkEnvelope Envelope, MachineSummary Summary)> summaries, CancellationToken cancellationToken)
    {
        await using var upsert = Command(connection, transaction, """
            INSERT INTO machines (machine_id, gateway_id, last_window_end, sensors) VALUES (@machine, @gateway, @end, @sensors)
            ON CONFLICT (gateway_id, machine_id) DO UPDATE SET last_window_end = excluded.last_window_end, sensors = excluded.sensors
            WHERE machines.last_window_end <= excluded.last_window_end;
            """);
        foreach (var item in LatestPerMachine(summaries))
        {
            Set(upsert, "@machine", item.Summary.MachineId);
            Set(upsert, "@gateway", item.Envelope.GatewayId);
            Set(upsert, "@end", _store.Time(item.Summary.WindowEnd));
            Set(upsert, "@sensors", SensorsJson(item.Summary));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task ApplyHealthAsync(DbConnection connection, DbTransaction transaction, UplinkEnvelope envelope, GatewayHealth health, CancellationToken cancellationToken)
    {
        var warnings = JsonSerializer.Serialize(health.Warnings, CloudStorageJsonContext.Default.IReadOnlyListString);
        await using (var history = Command(connection, transaction, """
            INSERT INTO gateway_health (gateway_id, sequence, at, version, backlog, autonomy_hours, warnings)
            VALUES (@gateway, @sequence, @at, @version, @backlog, @autonomy, @warnings);
            """))
        {
            Set(history, "@gateway", envelope.GatewayId);
            Set(history, "@sequence", envelope.Sequence);
            Set(history, "@at", _store.Time(envelope.CommittedAt));
            Set(history, "@version", health.Version);
            Set(history, "@backlog", health.OutboxBacklog);
            Set(history, "@autonomy", health.HoursOfAutonomyLeft);
            Set(history, "@warnings", warnings);
            await history.ExecuteNonQueryAsync(cancellationToken);
        }

        // Only a newer report replaces the gateway's current health (records may arrive out of order).
        await using var current = Command(connection, transaction, """
            UPDATE gateways SET version = @version, backlog = @backlog, autonomy_hours = @autonomy, warnings = @warnings, health_at = @at
            WHERE gateway_id = @gateway AND (health_at IS NULL OR health_at <= @at);
            """);
        Set(current, "@gateway", envelope.GatewayId);
        Set(current, "@at", _store.Time(envelope.CommittedAt));
        Set(current, "@version", health.Version);
        Set(current, "@backlog", health.OutboxBacklog);
        Set(current, "@autonomy", health.HoursOfAutonomyLeft);
        Set(current, "@warnings", warnings);
        await current.ExecuteNonQueryAsync(cancellationToken);
    }
}
