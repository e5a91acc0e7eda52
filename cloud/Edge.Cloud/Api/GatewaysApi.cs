using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

internal static class GatewaysApi
{
    public static WebApplication MapGatewaysApi(this WebApplication app)
    {
        app.MapGet("/api/gateways", async (ICloudStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(await store.GetGatewaysAsync(cancellationToken)));
        return app;
    }
}
