using Microsoft.AspNetCore.Http.HttpResults;

namespace Edge.Gateway.Fleet;

/// <summary><c>GET /api/devices</c>: per-device activity (online, last seen, messages, rejections by reason).</summary>
internal static class DevicesApi
{
    public static WebApplication MapDevicesApi(this WebApplication app)
    {
        app.MapGet("/api/devices", (DeviceActivity activity) => TypedResults.Ok(activity.Snapshot()));
        return app;
    }
}
