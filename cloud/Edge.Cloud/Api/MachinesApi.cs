using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

internal static class MachinesApi
{
    public static RouteGroupBuilder MapMachinesApi(this RouteGroupBuilder api)
    {
        var machines = api.MapGroup("/machines");
        machines.MapGet("/", GetMachinesAsync).Produces<IReadOnlyList<MachineRow>>().ProducesProblem(StatusCodes.Status403Forbidden).WithSummary("Machines of the caller's plant sites with their latest sensor means.");
        machines.MapGet("/{id}/summaries", GetSummariesAsync).Produces<IReadOnlyList<SummaryRow>>().ProducesValidationProblem().WithSummary("Window summaries (count/mean/min/max/SD per sensor) of one machine; ?site= picks one site when several use the same machine id.");
        machines.MapGet("/{id}/predictions", GetPredictionsAsync).Produces<IReadOnlyList<PredictionRow>>().ProducesValidationProblem().WithSummary("Predicted remaining life and failure probability of one machine over time (?site= as for summaries).");
        return api;
    }

    private static async Task<IResult> GetMachinesAsync(HttpContext context, ICloudStore store, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        return caller.SeesPlants
            ? TypedResults.Ok(await store.GetMachinesAsync(cancellationToken, caller.Sites))
            : CallerAccess.Forbidden(CallerAccess.PlantOnly);
    }

    private static Task<IResult> GetSummariesAsync(
        string id, string? from, string? to, string? site, HttpContext context, ICloudStore store, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        GetSeriesAsync(context, from, to, site, timeProvider, TimeSpan.FromDays(1),
            async (fromTime, toTime, sites) => TypedResults.Ok(await store.GetSummariesAsync(id, fromTime, toTime, cancellationToken, sites)));

    private static Task<IResult> GetPredictionsAsync(
        string id, string? from, string? to, string? site, HttpContext context, ICloudStore store, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        GetSeriesAsync(context, from, to, site, timeProvider, TimeSpan.FromDays(7),
            async (fromTime, toTime, sites) => TypedResults.Ok(await store.GetPredictionsAsync(id, fromTime, toTime, cancellationToken, sites)));

    /// <summary>A machine's time series for a plant caller: checks access and the <c>from</c>/<c>to</c> query, then reads.</summary>
    private static async Task<IResult> GetSeriesAsync(
        HttpContext context, string? from, string? to, string? site, TimeProvider timeProvider, TimeSpan defaultSpan,
        Func<DateTimeOffset, DateTimeOffset, IReadOnlyCollection<string>?, Task<IResult>> read)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesPlants)
        {
            return CallerAccess.Forbidden(CallerAccess.PlantOnly);
        }

        var errors = new Dictionary<string, string[]>();
        var now = timeProvider.GetUtcNow();
        var fromTime = TimeQuery.ParseOr(from, now - defaultSpan, "from", errors);
        var toTime = TimeQuery.ParseOr(to, now.AddMinutes(1), "to", errors);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : await read(fromTime, toTime, CallerAccess.Narrow(caller, site));
    }
}
