namespace Edge.Gateway.Privacy;

/// <summary><c>GET /api/privacy</c>: the transparency report of this gateway.</summary>
internal static class PrivacyApi
{
    public static WebApplication MapPrivacyApi(this WebApplication app)
    {
        app.MapGet("/api/privacy", (PrivacyTransparency transparency) => TypedResults.Ok(transparency.Build()));
        return app;
    }
}
