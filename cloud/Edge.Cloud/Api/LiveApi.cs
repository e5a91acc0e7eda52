using Edge.Cloud.Live;

namespace Edge.Cloud.Api;

internal static class LiveApi
{
    public static WebApplication MapLiveApi(this WebApplication app)
    {
        // Server-sent events: the dashboard refetches what changed. No client library needed in the browser.
        app.MapGet("/api/events", (LiveUpdates live, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(live.SubscribeAsync(cancellationToken), eventType: "changed"));
        return app;
    }
}
