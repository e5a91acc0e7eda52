using Edge.Maintenance.History;
using Edge.Maintenance.Serving.State;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Edge.Maintenance.Serving;

/// <summary>Predictions, alerts and models on the gateway's local web, available with the WAN down.</summary>
public static class MaintenanceApi
{
    public static WebApplication MapMaintenanceApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/predictions", (MaintenanceObserver observer) => TypedResults.Ok(observer.Predictions));
        api.MapGet("/alerts", (AlertPolicy policy) => TypedResults.Ok(policy.OpenAlerts()));
        api.MapPost("/alerts/{alertId}/acknowledge", Acknowledge);
        api.MapGet("/models", (ModelRegistry registry, MaintenanceObserver observer, CloudLinkService cloud) => TypedResults.Ok(Models(registry) with { History = observer.History(), Cloud = cloud.Status }));
        api.MapPost("/maintenance/machines/{machine}/events", RecordEvent);
        api.MapGet("/maintenance/machines/{machine}/events", (string machine, MaintenanceStateService state) => TypedResults.Ok(state.Database.Events(machine, 200)));
        return app;
    }

    /// <summary>
    /// Records what happened to a machine (failure, maintenance, error; <c>repair</c> is stored as maintenance with detail
    /// <c>repair:&lt;detail&gt;</c>, as the cloud does). A maintenance or failure restarts the machine's feature state.
    /// </summary>
    internal static Results<Created<StoredMachineEvent>, ValidationProblem> RecordEvent(string machine, MachineEventRequest request, MaintenanceStateService state, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = request.Kind?.Trim().ToLowerInvariant();
        var detail = request.Detail?.Trim() ?? "";
        if (kind == "repair")
        {
            (kind, detail) = (MachineEventKinds.Maintenance, "repair:" + detail);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(machine) || machine.Length > 128)
        {
            errors["machine"] = ["A machine id of 1 to 128 characters is required."];
        }

        if (kind is not (MachineEventKinds.Failure or MachineEventKinds.Maintenance or MachineEventKinds.Error))
        {
            errors["kind"] = ["kind must be failure, maintenance, error or repair."];
        }

        if (detail.Length > 200)
        {
            errors["detail"] = ["detail is at most 200 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var machineEvent = new MachineEvent(request.Timestamp ?? timeProvider.GetUtcNow(), machine, kind!, detail);
        state.Record(machineEvent, "local");
        var stored = new StoredMachineEvent(machine, machineEvent.Timestamp, machineEvent.Kind, detail, "local", null);
        return TypedResults.Created("/api/maintenance/machines/" + Uri.EscapeDataString(machine) + "/events", stored);
    }

    private static Results<NoContent, NotFound> Acknowledge(string alertId, AlertPolicy policy) =>
        policy.Acknowledge(alertId) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static ModelsStatus Models(ModelRegistry registry) => new(
        [
            .. registry.Models.Values.OrderBy(m => m.File, StringComparer.Ordinal).Select(m => new ModelStatus(
                m.File,
                m.Bundle.Manifest.Version,
                m.Bundle.Manifest.Kind,
                m.Bundle.Manifest.Dataset,
                m.Bundle.Manifest.TrainedAt,
                m.Bundle.Manifest.Channels,
                m.Bundle.Manifest.FeatureNames.Count,
                m.Bundle.Manifest.Metrics)),
        ],
        [.. registry.Rejected.Values.OrderBy(r => r.File, StringComparer.Ordinal)]);
}
