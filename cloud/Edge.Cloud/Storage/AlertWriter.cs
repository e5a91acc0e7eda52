using System.Data.Common;
using System.Text.Json;
using Edge.Contracts;

using static Edge.Cloud.Storage.Sql;

namespace Edge.Cloud.Storage;

/// <summary>
/// Moves alerts through their states: as gateways report them (inside the batch's transaction) and as people acknowledge
/// or resolve them. Every change is appended to the alert's history; every prediction an alert carries is kept.
/// </summary>
internal sealed class AlertWriter
{
    private readonly RelationalCloudStore _store;

    public AlertWriter(RelationalCloudStore store) => _store = store;

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, string gatewayId, FailureAlert alert, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        string? currentState = null;
        DateTimeOffset? currentUpdated = null;
        await using (var select = Command(connection, transaction, "SELECT state, last_updated FROM alerts WHERE gateway_id = @gateway AND alert_id = @alert;"))
        {
            Set(select, "@gateway", gatewayId);
            Set(select, "@alert", alert.AlertId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                currentState = reader.GetString(0);
                currentUpdated = _store.ReadTime(reader, 1);
            }
        }

        var cleared = alert.State == "cleared";
        string state;
        string action;
        if (currentState is null)
        {
            state = cleared ? AlertStates.Resolved : AlertStates.Open;
            action = "raised";
        }
        else if (currentUpdated > alert.LastUpdated)
        {
            // An older update that arrived late: keep it in the history, but do not roll the alert back.
            await AppendHistoryAsync(connection, transaction, gatewayId, alert.AlertId, receivedAt, "late-update", "gateway", alert.Reason, alert.Severity, currentState, null, cancellationToken);
            await InsertPredictionAsync(connection, transaction, gatewayId, alert, cancellationToken);
            return;
        }
        else
        {
            (state, action) = (currentState, alert.State) switch
            {
                (_, "cleared") => (AlertStates.Resolved, "cleared"),
                (AlertStates.Resolved, _) => (AlertStates.Open, "reopened"),
                (AlertStates.Acknowledged, "escalated") => (AlertStates.Open, "escalated"),
                _ => (currentState, alert.State),
            };
        }

        await using (var upsert = Command(connection, transaction, $"""
            INSERT INTO alerts ({AlertQueries.Columns})
            VALUES (@gateway, @alert, @machine, @kind, @severity, @state, @edge, @rul, @unit, @probability, @model, @reason, @features,
                    @first, @updated, NULL, NULL, @resolvedBy, @resolvedAt)
            ON CONFLICT (gateway_id, alert_id) DO UPDATE SET machine_id = excluded.machine_id, alert_kind = excluded.alert_kind,
                severity = excluded.severity, state = excluded.state, edge_state = excluded.edge_state, predicted_rul = excluded.predicted_rul,
                rul_unit = excluded.rul_unit, failure_probability = excluded.failure_probability, model_version = excluded.model_version,
                reason = excluded.reason, top_features = excluded.top_features, last_updated = excluded.last_updated,
                resolved_by = CASE WHEN excluded.state = 'resolved' THEN COALESCE(alerts.resolved_by, excluded.resolved_by) ELSE NULL END,
                resolved_at = CASE WHEN excluded.state = 'resolved' THEN COALESCE(alerts.resolved_at, excluded.resolved_at) ELSE NULL END,
                outcome = CASE WHEN excluded.state = 'resolved' THEN alerts.outcome ELSE NULL END;
            """))
        {
            Set(upsert, "@gateway", gatewayId);
            Set(upsert, "@alert", alert.AlertId);
            Set(upsert, "@machine", alert.MachineId);
            Set(upsert, "@kind", alert.AlertKind);
            Set(upsert, "@severity", alert.Severity);
            Set(upsert, "@state", state);
            Set(upsert, "@edge", alert.State);
            Set(upsert, "@rul", alert.PredictedRemainingLife);
            Set(upsert, "@unit", alert.RemainingLifeUnit);
            Set(upsert, "@probability", alert.FailureProbability);
            Set(upsert, "@model", alert.ModelVersion);
            Set(upsert, "@reason", alert.Reason);
            Set(upsert, "@features", JsonSerializer.Serialize(alert.TopFeatures, CloudStorageJsonContext.Default.IReadOnlyListFeatureContribution));
            Set(upsert, "@first", _store.Time(alert.FirstSeen));
            Set(upsert, "@updated", _store.Time(alert.LastUpdated));
            Set(upsert, "@resolvedBy", state == AlertStates.Resolved ? "gateway" : null);
            Set(upsert, "@resolvedAt", state == AlertStates.Resolved ? _store.Time(alert.LastUpdated) : null);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await AppendHistoryAsync(connection, transaction, gatewayId, alert.AlertId, alert.LastUpdated, action, "gateway", alert.Reason, alert.Severity, state, null, cancellationToken);
        await InsertPredictionAsync(connection, transaction, gatewayId, alert, cancellationToken);
    }

    private async Task InsertPredictionAsync(DbConnection connection, DbTransaction transaction, string gatewayId, FailureAlert alert, CancellationToken cancellationToken)
    {
        if (alert.PredictedRemainingLife is null && alert.FailureProbability is null)
        {
            return;
        }

        await using var insert = Command(connection, transaction, """
            INSERT INTO predictions (gateway_id, machine_id, at, predicted_rul, rul_unit, failure_probability, model_version, alert_id)
            VALUES (@gateway, @machine, @at, @rul, @unit, @probability, @model, @alert);
            """);
        Set(insert, "@gateway", gatewayId);
        Set(insert, "@machine", alert.MachineId);
        Set(insert, "@at", _store.Time(alert.LastUpdated));
        Set(insert, "@rul", alert.PredictedRemainingLife);
        Set(insert, "@unit", alert.RemainingLifeUnit);
        Set(insert, "@probability", alert.FailureProbability);
        Set(insert, "@model", alert.ModelVersion);
        Set(insert, "@alert", alert.AlertId);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task AppendHistoryAsync(
        DbConnection connection, DbTransaction transaction, string gatewayId, string alertId, DateTimeOffset at, string action, string actor,
        string? comment, string severity, string state, string? outcome, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction, """
            INSERT INTO alert_history (gateway_id, alert_id, at, action, actor, comment, severity, state, outcome)
            VALUES (@gateway, @alert, @at, @action, @actor, @comment, @severity, @state, @outcome);
            """);
        Set(insert, "@gateway", gatewayId);
        Set(insert, "@alert", alertId);
        Set(insert, "@at", _store.Time(at));
        Set(insert, "@action", action);
        Set(insert, "@actor", actor);
        Set(insert, "@comment", comment);
        Set(insert, "@severity", severity);
        Set(insert, "@state", state);
        Set(insert, "@outcome", outcome);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ChangeStateAsync(
        string gatewayId, string alertId, string state, string actor, string? comment, string? outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (state is not (AlertStates.Acknowledged or AlertStates.Resolved))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Only 'acknowledged' or 'resolved' can be set by a person.");
        }

        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var transaction = await _store.BeginWriteAsync(connection, cancellationToken);
        await using var update = Command(connection, transaction, state == AlertStates.Acknowledged
            ? "UPDATE alerts SET state = @state, acknowledged_by = @actor, acknowledged_at = @at WHERE gateway_id = @gateway AND alert_id = @alert;"
            : "UPDATE alerts SET state = @state, resolved_by = @actor, resolved_at = @at, outcome = @outcome WHERE gateway_id = @gateway AND alert_id = @alert;");
        Set(update, "@state", state);
        Set(update, "@actor", actor);
        Set(update, "@at", _store.Time(at));
        Set(update, "@gateway", gatewayId);
        Set(update, "@alert", alertId);
        Set(update, "@outcome", outcome);
        if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        string severity;
        await using (var select = Command(connection, transaction, "SELECT severity FROM alerts WHERE gateway_id = @gateway AND alert_id = @alert;"))
        {
            Set(select, "@gateway", gatewayId);
            Set(select, "@alert", alertId);
            severity = (string)(await select.ExecuteScalarAsync(cancellationToken))!;
        }

        await AppendHistoryAsync(connection, transaction, gatewayId, alertId, at, state == AlertStates.Acknowledged ? "acknowledged" : "resolved", actor, comment, severity, state, outcome, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
