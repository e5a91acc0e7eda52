
namespace Edge.StoreForward.Outbox;

/// <summary><c>GET /api/outbox</c>: backlog per class, limits, drain and append rates, hours of autonomy, drops and warnings.</summary>
public static class OutboxApi
{
    public static WebApplication MapOutboxApi(this WebApplication app)
    {
        app.MapGet("/api/outbox", (OutboxMonitor outbox) => TypedResults.Json(outbox.GetStatus(), OutboxJsonContext.Default.OutboxStatus));
        return app;
    }
}
