using System.Data.Common;
using System.Text;
using System.Text.Json;

using static Edge.Cloud.Storage.Sql;

namespace Edge.Cloud.Storage;

/// <summary>Reads alerts (most urgent first), their history and the predictions they carried.</summary>
internal sealed class AlertQueries
{
    public const string Columns = """
        gateway_id, alert_id, machine_id, alert_kind, severity, state, edge_state, predicted_rul, rul_unit, failure_probability,
        model_version, reason, top_features, first_seen, last_updated, acknowledged_by, acknowledged_at, resolved_by, resolved_at
        """;

    private readonly RelationalCloudStore _store;

    public AlertQueries(RelationalCloudStore store) => _store = store;

    public async Task<IReadOnlyList<AlertRow>> GetAlertsAsync(AlertFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder($"SELECT {Columns}, outcome FROM alerts WHERE 1 = 1");
        AppendSiteFilter(sql, command, filter.Sites, "gateway_id");
        if (filter.State is not null)
        {
            sql.Append(" AND state = @state");
            Set(command, "@state", filter.State);
        }

        if (filter.Severity is not null)
        {
            sql.Append(" AND severity = @severity");
            Set(command, "@severity", filter.Severity);
        }

        if (filter.MachineId is not null)
        {
            sql.Append(" AND machine_id = @machine");
            Set(command, "@machine", filter.MachineId);
        }

        command.CommandText = sql.Append(';').ToString();
        var rows = await QueryAsync(command, ReadAlert, cancellationToken);
        // Most severe first, then the soonest predicted failure (alerts without a prediction last), then newest.
        rows.Sort(static (a, b) =>
        {
            var bySeverity = AlertStates.SeverityRank(a.Severity).CompareTo(AlertStates.SeverityRank(b.Severity));
            if (bySeverity != 0)
            {
                return bySeverity;
            }

            var byLife = (a.PredictedRemainingLife ?? double.MaxValue).CompareTo(b.PredictedRemainingLife ?? double.MaxValue);
            return byLife != 0 ? byLife : b.LastUpdated.CompareTo(a.LastUpdated);
        });
        return rows;
    }

    public async Task<AlertRow?> GetAlertAsync(string gatewayId, string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {Columns}, outcome FROM alerts WHERE gateway_id = @gateway AND alert_id = @alert;");
        Set(command, "@gateway", gatewayId);
        Set(command, "@alert", alertId);
        var rows = await QueryAsync(command, ReadAlert, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<AlertHistoryRow>> GetAlertHistoryAsync(string gatewayId, string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT at, action, actor, comment, severity, state, outcome FROM alert_history
            WHERE gateway_id = @gateway AND alert_id = @alert ORDER BY id;
            """);
        Set(command, "@gateway", gatewayId);
        Set(command, "@alert", alertId);
        return await QueryAsync(command, reader => new AlertHistoryRow(
            _store.ReadTime(reader, 0), reader.GetString(1), reader.GetString(2), GetNullableString(reader, 3), reader.GetString(4), reader.GetString(5), GetNullableString(reader, 6)), cancellationToken);
    }

    public async Task<IReadOnlyList<PredictionRow>> GetPredictionsAsync(string machineId, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string>? sites, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("""
            SELECT gateway_id, machine_id, at, predicted_rul, rul_unit, failure_probability, model_version, alert_id
            FROM predictions WHERE machine_id = @machine AND at >= @from AND at < @to
            """);
        AppendSiteFilter(sql, command, sites, "gateway_id");
        command.CommandText = sql.Append(" ORDER BY at;").ToString();
        Set(command, "@machine", machineId);
        Set(command, "@from", _store.Time(from));
        Set(command, "@to", _store.Time(to));
        return await QueryAsync(command, reader => new PredictionRow(
            reader.GetString(0), reader.GetString(1), _store.ReadTime(reader, 2), GetNullableDouble(reader, 3), GetNullableString(reader, 4),
            GetNullableDouble(reader, 5), GetNullableString(reader, 6), reader.GetString(7)), cancellationToken);
    }

    private AlertRow ReadAlert(DbDataReader reader) => new()
    {
        GatewayId = reader.GetString(0),
        AlertId = reader.GetString(1),
        MachineId = reader.GetString(2),
        AlertKind = reader.GetString(3),
        Severity = reader.GetString(4),
        State = reader.GetString(5),
        EdgeState = reader.GetString(6),
        PredictedRemainingLife = GetNullableDouble(reader, 7),
        RemainingLifeUnit = GetNullableString(reader, 8),
        FailureProbability = GetNullableDouble(reader, 9),
        ModelVersion = GetNullableString(reader, 10),
        Reason = reader.GetString(11),
        TopFeatures = JsonSerializer.Deserialize(reader.GetString(12), CloudStorageJsonContext.Default.IReadOnlyListFeatureContribution) ?? [],
        FirstSeen = _store.ReadTime(reader, 13),
        LastUpdated = _store.ReadTime(reader, 14),
        AcknowledgedBy = GetNullableString(reader, 15),
        AcknowledgedAt = _store.ReadNullableTime(reader, 16),
        ResolvedBy = GetNullableString(reader, 17),
        ResolvedAt = _store.ReadNullableTime(reader, 18),
        Outcome = GetNullableString(reader, 19),
    };
}
