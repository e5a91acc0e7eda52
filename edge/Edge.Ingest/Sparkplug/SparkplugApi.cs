using Microsoft.AspNetCore.Http.HttpResults;

namespace Edge.Ingest.Sparkplug;

/// <summary><c>GET /api/sparkplug</c>: Sparkplug nodes and devices (online, bdSeq, seq, gaps, metrics with stale flags).</summary>
public static class SparkplugApi
{
    public static WebApplication MapSparkplugApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/sparkplug", GetSparkplug);
        return app;
    }

    private static JsonHttpResult<IReadOnlyList<SparkplugNodeSnapshot>> GetSparkplug(SparkplugIngest sparkplug) =>
        TypedResults.Json(sparkplug.Snapshot(), SparkplugJsonContext.Default.IReadOnlyListSparkplugNodeSnapshot);
}
