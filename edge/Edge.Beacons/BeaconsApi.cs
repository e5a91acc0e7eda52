namespace Edge.Beacons;

/// <summary>Local web endpoints of the beacon capability.</summary>
public static class BeaconsApi
{
    public static WebApplication MapBeaconsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/beacons", (BeaconsStatusBuilder builder) => TypedResults.Ok(builder.Build()));
        return app;
    }
}
