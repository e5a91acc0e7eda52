using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

internal static class GatewaysApi
{
    public static RouteGroupBuilder MapGatewaysApi(this RouteGroupBuilder api)
    {
        api.MapGet("/gateways", async (HttpContext context, ICloudStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(await store.GetGatewaysAsync(cancellationToken, CallerAccess.Get(context).Sites)))
            .WithSummary("Gateways of the caller's sites: last seen, backlog, hours of autonomy left, version.");
        return api;
    }
}
