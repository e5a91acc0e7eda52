using Edge.Cloud.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Edge.Cloud.Api;

internal static class MachinesApi
{
    public static WebApplication MapMachinesApi(this WebApplication app)
    {
        var machines = app.MapGroup("/api/machines");
        machines.MapGet("/", async (ICloudStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(await store.GetMachinesAsync(cancellationToken)));
        machines.MapGet("/{id}/summaries", GetSummariesAsync);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<SummaryRow>>, ValidationProblem>> GetSummariesAsync(
        string id, string? from, string? to, ICloudStore store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var now = timeProvider.GetUtcNow();
        var fromTime = ParseOr(from, now.AddDays(-1), "from", errors);
        var toTime = ParseOr(to, now.AddMinutes(1), "to", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await store.GetSummariesAsync(id, fromTime, toTime, cancellationToken));
    }

    private static DateTimeOffset ParseOr(string? value, DateTimeOffset fallback, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (DateTimeOffset.TryParse(value, null, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors[name] = [$"'{value}' is not an ISO 8601 time, for example 2026-11-29T14:00:00Z."];
        return fallback;
    }
}
