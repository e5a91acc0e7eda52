using Edge.Cloud.Ingest;

namespace Edge.Cloud.Api;

internal static class HealthApi
{
    public static WebApplication MapHealthApi(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        return app;
    }

    public static RouteGroupBuilder MapIngestStatusApi(this RouteGroupBuilder api)
    {
        api.MapGet("/ingest", (IngestMetrics metrics) => TypedResults.Ok(new IngestStatus(
            metrics.Received, metrics.Stored, metrics.Duplicates, metrics.Rejected, metrics.Forged, metrics.RefusedConnections, metrics.UnauthorizedPublishes)));
        return api;
    }
}
