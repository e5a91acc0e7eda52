using Edge.Cloud.Access;
using Edge.Cloud.Live;
using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

internal static class AlertsApi
{
    private const int MaxComment = 2000;

    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts");
        alerts.MapGet("/", ListAsync).Produces<IReadOnlyList<AlertRow>>().ProducesProblem(StatusCodes.Status403Forbidden).WithSummary("Alerts of the caller's plant sites, most severe and soonest failure first. Filters: site, state, severity, machine.");
        alerts.MapGet("/{gatewayId}/{alertId}", GetAsync).Produces<AlertRow>().Produces(StatusCodes.Status404NotFound);
        alerts.MapGet("/{gatewayId}/{alertId}/history", GetHistoryAsync).Produces<IReadOnlyList<AlertHistoryRow>>().WithSummary("Every step: raised/updated by the gateway, acknowledged/resolved by whom, with comments.");
        alerts.MapPost("/{gatewayId}/{alertId}/acknowledge", (string gatewayId, string alertId, AlertActionRequest? body, HttpContext context, ICloudStore store, AccountStore accounts, LiveUpdates live, TimeProvider time, CancellationToken cancellationToken) =>
            ChangeAsync(gatewayId, alertId, AlertStates.Acknowledged, body, context, store, accounts, live, time, null, cancellationToken))
            .Produces<AlertRow>().WithSummary("Acknowledge with an optional comment; recorded in the alert's history and the audit trail.");
        alerts.MapPost("/{gatewayId}/{alertId}/resolve", (string gatewayId, string alertId, AlertActionRequest? body, HttpContext context, ICloudStore store, AccountStore accounts, LiveUpdates live, TimeProvider time, MachineEvents events, CancellationToken cancellationToken) =>
            ChangeAsync(gatewayId, alertId, AlertStates.Resolved, body, context, store, accounts, live, time, events, cancellationToken))
            .Produces<AlertRow>().WithSummary("Resolve with an optional comment and outcome (real or false-alarm; real records a failure event unless one was recorded since the alert was raised); recorded in the alert's history and the audit trail.");
        return api;
    }

    private static async Task<IResult> ListAsync(string? site, string? state, string? severity, string? machine, HttpContext context, ICloudStore store, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesPlants)
        {
            return CallerAccess.Forbidden(CallerAccess.PlantOnly);
        }

        if (state is not (null or AlertStates.Open or AlertStates.Acknowledged or AlertStates.Resolved))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["state must be open, acknowledged or resolved."] });
        }

        return TypedResults.Ok(await store.GetAlertsAsync(new AlertFilter(CallerAccess.Narrow(caller, site), state, severity, machine), cancellationToken));
    }

    private static async Task<IResult> GetAsync(string gatewayId, string alertId, HttpContext context, ICloudStore store, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesPlants)
        {
            return CallerAccess.Forbidden(CallerAccess.PlantOnly);
        }

        var alert = caller.CanSee(gatewayId) ? await store.GetAlertAsync(gatewayId, alertId, cancellationToken) : null;
        return alert is null ? TypedResults.NotFound() : TypedResults.Ok(alert);
    }

    private static async Task<IResult> GetHistoryAsync(string gatewayId, string alertId, HttpContext context, ICloudStore store, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesPlants)
        {
            return CallerAccess.Forbidden(CallerAccess.PlantOnly);
        }

        return caller.CanSee(gatewayId) ? TypedResults.Ok(await store.GetAlertHistoryAsync(gatewayId, alertId, cancellationToken)) : TypedResults.NotFound();
    }

    private static async Task<IResult> ChangeAsync(
        string gatewayId, string alertId, string state, AlertActionRequest? body, HttpContext context, ICloudStore store, AccountStore accounts,
        LiveUpdates live, TimeProvider timeProvider, MachineEvents? events, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesPlants)
        {
            return CallerAccess.Forbidden(CallerAccess.PlantOnly);
        }

        var comment = string.IsNullOrWhiteSpace(body?.Comment) ? null : body.Comment.Trim();
        if (comment?.Length > MaxComment)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = [$"At most {MaxComment} characters."] });
        }

        var outcome = state == AlertStates.Resolved && !string.IsNullOrWhiteSpace(body?.Outcome) ? body.Outcome.Trim() : null;
        if (outcome is not null && !AlertOutcomes.IsKnown(outcome))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["outcome"] = ["outcome must be real or false-alarm (or left out)."] });
        }

        var now = timeProvider.GetUtcNow();
        if (!caller.CanSee(gatewayId) || !await store.ChangeAlertStateAsync(gatewayId, alertId, state, caller.Name, comment, outcome, now, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var alert = await store.GetAlertAsync(gatewayId, alertId, cancellationToken);
        if (outcome == AlertOutcomes.Real && events is not null && alert is not null)
        {
            // A confirmed alert is a failure the history must hold (the trainer learns from it): recorded now unless an
            // engineer already recorded one for this machine since the alert was raised.
            await events.AddFailureUnlessRecordedAsync(
                new MachineEventRow(0, gatewayId, alert.MachineId, now, MachineEventKinds.Failure, $"alert:{alertId}", comment, caller.Name, now), alert.FirstSeen, cancellationToken);
        }

        var detail = outcome is null ? comment : $"{outcome}{(comment is null ? "" : $": {comment}")}";
        await accounts.AuditAsync(now, caller.Name, state == AlertStates.Acknowledged ? "alert.acknowledge" : "alert.resolve", $"{gatewayId}/{alertId}", detail, cancellationToken);
        live.Publish("alerts");
        return TypedResults.Ok(alert);
    }
}
