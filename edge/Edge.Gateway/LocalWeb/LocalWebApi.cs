namespace Edge.Gateway.LocalWeb;

/// <summary>The gateway's own web: health and status for the IT person and the plant floor, even with the WAN down.</summary>
internal static class LocalWebApi
{
    public static WebApplication MapLocalWeb(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        Beacons.BeaconsApi.MapBeaconsApi(app);
        return app;
    }
}
