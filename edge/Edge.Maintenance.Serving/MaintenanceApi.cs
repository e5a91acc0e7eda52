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
        api.MapGet("/models", (ModelRegistry registry) => TypedResults.Ok(Models(registry)));
        return app;
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
