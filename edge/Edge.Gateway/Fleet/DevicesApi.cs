using Edge.Gateway.Sparkplug;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Edge.Gateway.Fleet;

/// <summary>
/// <c>GET /api/devices</c>: per-device activity (online, last seen, messages, rejections by reason);
/// <c>GET /api/sparkplug</c>: Sparkplug nodes and devices (online, bdSeq, seq, gaps, metrics with stale flags).
/// </summary>
internal static class DevicesApi
{
    public static WebApplication MapDevicesApi(this WebApplication app)
    {
        app.MapGet("/api/devices", GetDevices);
        app.MapGet("/api/sparkplug", GetSparkplug);
        return app;
    }

    private static JsonHttpResult<IReadOnlyList<DeviceActivitySnapshot>> GetDevices(DeviceActivity activity) =>
        TypedResults.Json(activity.Snapshot(), FleetJsonContext.Default.IReadOnlyListDeviceActivitySnapshot);

    private static JsonHttpResult<IReadOnlyList<SparkplugNodeSnapshot>> GetSparkplug(SparkplugIngest sparkplug) =>
        TypedResults.Json(sparkplug.Snapshot(), FleetJsonContext.Default.IReadOnlyListSparkplugNodeSnapshot);
}
