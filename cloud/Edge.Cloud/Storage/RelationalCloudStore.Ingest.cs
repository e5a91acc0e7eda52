using System.Data.Common;
using System.Text.Json;
using Edge.Contracts;

namespace Edge.Cloud.Storage;

public abstract partial class RelationalCloudStore
{
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

        await PrepareIngestAsync(unique, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var fresh = await InsertLedgerAsync(connection, transaction, unique, receivedAt, cancellationToken);
        await UpsertGatewaysAsync(connection, transaction, unique, receivedAt, cancellationToken);

        var summaries = new List<(UplinkEnvelope Envelope, MachineSummary Summary)>();
        foreach (var envelope in fresh)
        {
            switch (envelope.Message)
            {
                case MachineSummary summary:
                    summaries.Add((envelope, summary));
                    break;
                case FailureAlert alert:
                    await ApplyAlertAsync(connection, transaction, envelope.GatewayId, alert, receivedAt, cancellationToken);
                    break;
                case FootfallReport footfall:
                    await ApplyFootfallAsync(connection, transaction, envelope.GatewayId, footfall, receivedAt, cancellationToken);
                    break;
                case GatewayHealth health:
                    await ApplyHealthAsync(connection, transaction, envelope, health, cancellationToken);
                    break;
            }
        }

        if (summaries.Count > 0)
        {
            await InsertSummariesAsync(connection, transaction, summaries, cancellationToken);
            await UpsertLatestMachinesAsync(connection, transaction, summaries, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fresh.Count;
    }

    /// <summary>Work before the transaction (PostgreSQL creates the day partitions the batch needs).</summary>
    internal virtual Task PrepareIngestAsync(IReadOnlyList<UplinkEnvelope> batch, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds the batch to the (gateway, sequence) ledger; returns the envelopes that were not there yet.</summary>
    internal abstract Task<IReadOnlyList<UplinkEnvelope>> InsertLedgerAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    internal abstract Task InsertSummariesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(UplinkEnvelope Envelope, MachineSummary Summary)> summaries, CancellationToken cancellationToken);

    internal static string SensorsJson(MachineSummary summary) =>
        JsonSerializer.Serialize(summary.Sensors, CloudStorageJsonContext.Default.IReadOnlyListSensorSummary);

    /// <summary>The last envelope of each gateway's run in a batch sorted by gateway then sequence: its highest sequence.</summary>
    internal static List<UplinkEnvelope> LastPerGateway(List<UplinkEnvelope> batch)
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

    internal virtual async Task UpsertGatewaysAsync(DbConnection connection, DbTransaction transaction, List<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO gateways (gateway_id, last_seen, last_sequence) VALUES (@gateway, @received, @sequence)
            ON CONFLICT (gateway_id) DO UPDATE SET last_seen = excluded.last_seen,
                last_sequence = CASE WHEN gateways.last_sequence > excluded.last_sequence THEN gateways.last_sequence ELSE excluded.last_sequence END;
            """);
        foreach (var envelope in LastPerGateway(batch))
        {
            Set(command, "@gateway", envelope.GatewayId);
            Set(command, "@received", Time(receivedAt));
            Set(command, "@sequence", envelope.Sequence);
            await command.ExecuteNonQueryAsync(cancellationToken);
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
            Set(history, "@at", Time(envelope.CommittedAt));
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
        Set(current, "@at", Time(envelope.CommittedAt));
        Set(current, "@version", health.Version);
        Set(current, "@backlog", health.OutboxBacklog);
        Set(current, "@autonomy", health.HoursOfAutonomyLeft);
        Set(current, "@warnings", warnings);
        await current.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ApplyFootfallAsync(DbConnection connection, DbTransaction transaction, string gatewayId, FootfallReport report, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var privacy = report.Privacy;
        await using (var parameters = Command(connection, transaction, """
            INSERT INTO footfall_privacy (store_id, day, gateway_id, epsilon_per_release, epsilon_per_day, max_windows_per_device,
                suppress_below, window_seconds, max_dwell_seconds, count_noise95, received_at, parameters)
            VALUES (@store, @day, @gateway, @epsilonRelease, @epsilonDay, @maxWindows, @suppress, @window, @dwell, @noise, @received, @parameters)
            ON CONFLICT (store_id, day) DO UPDATE SET gateway_id = excluded.gateway_id, epsilon_per_release = excluded.epsilon_per_release,
                epsilon_per_day = excluded.epsilon_per_day, max_windows_per_device = excluded.max_windows_per_device,
                suppress_below = excluded.suppress_below, window_seconds = excluded.window_seconds,
                max_dwell_seconds = excluded.max_dwell_seconds, count_noise95 = excluded.count_noise95, received_at = excluded.received_at,
                parameters = excluded.parameters;
            """))
        {
            Set(parameters, "@store", report.StoreId);
            Set(parameters, "@day", Day(report.Day));
            Set(parameters, "@gateway", gatewayId);
            Set(parameters, "@epsilonRelease", privacy.EpsilonPerRelease);
            Set(parameters, "@epsilonDay", privacy.EpsilonPerDay);
            Set(parameters, "@maxWindows", privacy.MaxWindowsPerDevicePerDay);
            Set(parameters, "@suppress", privacy.SuppressBelow);
            Set(parameters, "@window", privacy.Window.TotalSeconds);
            Set(parameters, "@dwell", privacy.MaxDwell.TotalSeconds);
            Set(parameters, "@noise", privacy.CountNoise95);
            Set(parameters, "@received", Time(receivedAt));
            Set(parameters, "@parameters", JsonSerializer.Serialize(privacy, ContractsJsonContext.Default.PrivacyParameters));
            await parameters.ExecuteNonQueryAsync(cancellationToken);
        }

        // A later release of the same day replaces its cells (the gateway re-sends a day as it fills).
        await using var cell = Command(connection, transaction, """
            INSERT INTO footfall_cells (store_id, zone_id, window_start, window_end, day, gateway_id, visitors, dwell_seconds_sum, suppressed, partial)
            VALUES (@store, @zone, @start, @end, @day, @gateway, @visitors, @dwell, @suppressed, @partial)
            ON CONFLICT (store_id, zone_id, window_start) DO UPDATE SET window_end = excluded.window_end, day = excluded.day,
                gateway_id = excluded.gateway_id, visitors = excluded.visitors, dwell_seconds_sum = excluded.dwell_seconds_sum,
                suppressed = excluded.suppressed, partial = excluded.partial;
            """);
        foreach (var item in report.Cells)
        {
            Set(cell, "@store", report.StoreId);
            Set(cell, "@zone", item.ZoneId);
            Set(cell, "@start", Time(item.WindowStart));
            Set(cell, "@end", Time(item.WindowEnd));
            Set(cell, "@day", Day(report.Day));
            Set(cell, "@gateway", gatewayId);
            Set(cell, "@visitors", item.Visitors);
            Set(cell, "@dwell", item.DwellSecondsSum);
            Set(cell, "@suppressed", item.Suppressed);
            Set(cell, "@partial", item.Partial);
            await cell.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
