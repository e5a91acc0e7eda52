using System.Text;
using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

/// <summary>
/// A site's history in the trainer's format (<c>model train --dataset history</c>): window means as <c>T.csv</c> and
/// recorded events as <c>E.csv</c>. Engineers of the site and admins. Rows are streamed from the database to the
/// response as they are read, so a year of windows is never held in memory.
/// </summary>
internal static class HistoryApi
{
    // Rows are formatted into a chunk in memory and written asynchronously when it reaches this size: the response
    // stream refuses synchronous writes, and a chunk bounds what is held at once.
    private const int ChunkChars = 32 * 1024;
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/history/telemetry.csv", Telemetry).Produces<string>(contentType: "text/csv").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Window means of a site's machines (?site= required, from/to ISO 8601 on window start): timestamp (window end, UTC),machine,<sensor>... ; empty = missing.");
        api.MapGet("/history/events.csv", Events).Produces<string>(contentType: "text/csv").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Recorded machine events of a site (?site= required, from/to ISO 8601): timestamp,machine,kind,detail.");
        return api;
    }

    private static IResult Telemetry(string? site, string? from, string? to, HttpContext context, HistoryQueries history, TimeProvider timeProvider)
    {
        var refused = Check(context, site, from, to, timeProvider, out var fromTime, out var toTime);
        if (refused is not null)
        {
            return refused;
        }

        return TypedResults.Stream(async stream =>
        {
            var cancellationToken = context.RequestAborted;
            // The header is the union of the sensors: one pass reads only the names, the second writes the rows.
            var sensors = await history.ReadSensorNamesAsync(site!, fromTime, toTime, cancellationToken);
            await using var output = new StreamWriter(stream, s_utf8, bufferSize: 64 * 1024);
            using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            writer.Write("timestamp,machine");
            foreach (var sensor in sensors)
            {
                writer.Write(',');
                CsvCells.Text(writer, sensor);
            }

            writer.Write('\n');
            await foreach (var window in history.ReadWindowsAsync(site!, fromTime, toTime, cancellationToken))
            {
                CsvCells.Timestamp(writer, window.WindowEnd);
                writer.Write(',');
                CsvCells.Text(writer, window.Machine);
                foreach (var sensor in sensors)
                {
                    writer.Write(',');
                    foreach (var summary in window.Sensors)
                    {
                        if (summary.Sensor == sensor)
                        {
                            CsvCells.Number(writer, summary.Mean);
                            break;
                        }
                    }
                }

                writer.Write('\n');
                if (writer.GetStringBuilder().Length >= ChunkChars)
                {
                    await WriteChunkAsync(output, writer, cancellationToken);
                }
            }

            await WriteChunkAsync(output, writer, cancellationToken);
        }, "text/csv; charset=utf-8", $"telemetry-{site}.csv");
    }

    private static IResult Events(string? site, string? from, string? to, HttpContext context, MachineEvents events, TimeProvider timeProvider)
    {
        var refused = Check(context, site, from, to, timeProvider, out var fromTime, out var toTime);
        if (refused is not null)
        {
            return refused;
        }

        return TypedResults.Stream(async stream =>
        {
            var cancellationToken = context.RequestAborted;
            await using var output = new StreamWriter(stream, s_utf8, bufferSize: 64 * 1024);
            using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            writer.Write("timestamp,machine,kind,detail\n");
            await foreach (var machineEvent in events.ReadRangeAsync(site!, fromTime, toTime, cancellationToken))
            {
                CsvCells.Timestamp(writer, machineEvent.Timestamp);
                writer.Write(',');
                CsvCells.Text(writer, machineEvent.Machine);
                writer.Write(',');
                CsvCells.Text(writer, machineEvent.Kind);
                writer.Write(',');
                CsvCells.Text(writer, machineEvent.Detail);
                writer.Write('\n');
                if (writer.GetStringBuilder().Length >= ChunkChars)
                {
                    await WriteChunkAsync(output, writer, cancellationToken);
                }
            }

            await WriteChunkAsync(output, writer, cancellationToken);
        }, "text/csv; charset=utf-8", $"events-{site}.csv");
    }

    private static async Task WriteChunkAsync(StreamWriter output, StringWriter chunk, CancellationToken cancellationToken)
    {
        await output.WriteAsync(chunk.GetStringBuilder(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        chunk.GetStringBuilder().Clear();
    }

    /// <summary>Null when the caller may export that site and the query is valid; otherwise the refusal.</summary>
    private static IResult? Check(HttpContext context, string? site, string? from, string? to, TimeProvider timeProvider, out DateTimeOffset fromTime, out DateTimeOffset toTime)
    {
        fromTime = toTime = default;
        var caller = CallerAccess.Get(context);
        if (!caller.SeesPlants)
        {
            return CallerAccess.Forbidden(CallerAccess.PlantOnly);
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(site))
        {
            errors["site"] = ["site is required: the gateway id whose history to export, for example ?site=plant-a."];
        }
        else if (!caller.CanSee(site))
        {
            return CallerAccess.Forbidden($"You are not granted site '{site}'.");
        }

        var now = timeProvider.GetUtcNow();
        fromTime = TimeQuery.ParseOr(from, DateTimeOffset.UnixEpoch, "from", errors);
        toTime = TimeQuery.ParseOr(to, now.AddMinutes(1), "to", errors);
        if (errors.Count == 0 && fromTime >= toTime)
        {
            errors["to"] = ["to must be after from."];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }
}
