namespace Edge.Privacy;

/// <summary><c>GET /api/privacy</c>: the transparency report of this gateway.</summary>
public static class PrivacyApi
{
    public static WebApplication MapPrivacyApi(this WebApplication app)
    {
        app.MapGet("/api/privacy", (PrivacyTransparency transparency) => TypedResults.Ok(transparency.Build()));
        return app;
    }
}
