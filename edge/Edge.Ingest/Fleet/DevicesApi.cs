using Microsoft.AspNetCore.Http.HttpResults;

namespace Edge.Ingest.Fleet;

/// <summary>
/// <c>GET /api/devices</c>: per-device activity (online, last seen, messages, rejections by reason).
/// </summary>
public static class DevicesApi
{
    public static WebApplication MapDevicesApi(this WebApplication app)
    {
        app.MapGet("/api/devices", GetDevices);
        return app;
    }

    private static JsonHttpResult<IReadOnlyList<DeviceActivitySnapshot>> GetDevices(DeviceActivity activity) =>
        TypedResults.Json(activity.Snapshot(), FleetJsonContext.Default.IReadOnlyListDeviceActivitySnapshot);
}
