using Edge.Cloud.Live;

namespace Edge.Cloud.Api;

internal static class LiveApi
{
    public static RouteGroupBuilder MapLiveApi(this RouteGroupBuilder api)
    {
        // Server-sent events: the dashboard refetches what changed. No client library needed in the browser.
        api.MapGet("/events", (LiveUpdates live, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(live.SubscribeAsync(cancellationToken), eventType: "changed"));
        return api;
    }
}
