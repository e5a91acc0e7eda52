using System.Globalization;
using Edge.Cloud.Access;
using Edge.Cloud.Live;
using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

/// <summary>
/// Engineers record what happened to a machine (failure, maintenance or repair, error code) for one site; admins too.
/// Every event is audited; gateways of the site fetch them (<c>/api/gateway/events</c>) and the history export writes them.
/// </summary>
internal static class MachineEventsApi
{
    public const int MaxDetail = 200;
    public const int MaxComment = 2000;

    /// <summary>How far in the future a timestamp may be (clocks of phones and laptops drift).</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapMachineEventsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/machines/{machine}/events", AddAsync)
            .Produces<MachineEventRow>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Record a failure, maintenance, repair or error of a machine at a site (?site=, required). Engineers of the site and admins; audited.");
        api.MapGet("/machines/{machine}/events", ListAsync)
            .Produces<IReadOnlyList<MachineEventRow>>().ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("A machine's recorded events, newest first (?site= narrows to one site).");
        return api;
    }

    private static async Task<IResult> AddAsync(
        string machine, string? site, MachineEventRequest? body, HttpContext context, MachineEvents events, AccountStore accounts, LiveUpdates live,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesPlants)
        {
            return CallerAccess.Forbidden(CallerAccess.PlantOnly);
        }

        if (string.IsNullOrEmpty(site))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["site"] = ["site is required: the gateway id of the machine's site, for example ?site=plant-a."] });
        }

        if (!caller.CanSee(site))
        {
            return CallerAccess.Forbidden($"You are not granted site '{site}'.");
        }

        var now = timeProvider.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var row = Validate(machine, site, body, caller.Name, now, errors);
        if (row is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The event was not recorded");
        }

        var id = await events.AddAsync(row, cancellationToken);
        row = row with { Id = id };
        await accounts.AuditAsync(now, caller.Name, "machine-event.create", $"{site}/{machine}",
            $"{row.Kind} at {row.Timestamp.ToString("O", CultureInfo.InvariantCulture)}: {row.Detail}", cancellationToken);
        live.Publish("machine-events");
        return TypedResults.Created($"/api/machines/{Uri.EscapeDataString(machine)}/events?site={Uri.EscapeDataString(site)}", row);
    }

    private static async Task<IResult> ListAsync(string machine, string? site, int? limit, HttpContext context, MachineEvents events, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (!caller.SeesPlants)
        {
            return CallerAccess.Forbidden(CallerAccess.PlantOnly);
        }

        if (!string.IsNullOrEmpty(site) && !caller.CanSee(site))
        {
            return CallerAccess.Forbidden($"You are not granted site '{site}'.");
        }

        return TypedResults.Ok(await events.ListForMachineAsync(machine, CallerAccess.Narrow(caller, site), Math.Clamp(limit ?? 200, 1, 1000), cancellationToken));
    }

    /// <summary>The event to store, or null with <paramref name="errors"/> filled (one message per field, for the form).</summary>
    private static MachineEventRow? Validate(string machine, string site, MachineEventRequest? body, string actor, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (!Edge.Contracts.SafeLabel.IsValid(machine, out var reason))
        {
            errors["machine"] = [$"machine {reason}."];
        }

        if (body is null)
        {
            errors["body"] = ["Send JSON: {\"kind\": \"failure|maintenance|repair|error\", \"detail\": \"bearing\", \"timestamp\"?: ISO 8601, \"comment\"?: text}."];
            return null;
        }

        var kind = body.Kind?.Trim().ToLowerInvariant();
        if (kind is not (MachineEventKinds.Failure or MachineEventKinds.Maintenance or MachineEventKinds.Error or "repair"))
        {
            errors["kind"] = [$"kind must be failure, maintenance, repair or error (got '{body.Kind}')."];
        }

        var detail = body.Detail?.Trim() ?? "";
        if (detail.Length == 0 && kind is MachineEventKinds.Failure or MachineEventKinds.Maintenance or "repair")
        {
            errors["detail"] = [$"detail is required for a {kind}: the component or cause, for example 'bearing'."];
        }
        else if (detail.Length > MaxDetail || detail.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            errors["detail"] = [$"detail is one line of at most {MaxDetail} characters."];
        }

        var comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim();
        if (comment?.Length > MaxComment)
        {
            errors["comment"] = [$"At most {MaxComment} characters."];
        }

        var timestamp = now;
        if (!string.IsNullOrWhiteSpace(body.Timestamp))
        {
            if (!DateTimeOffset.TryParse(body.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp))
            {
                errors["timestamp"] = [$"'{body.Timestamp}' is not an ISO 8601 time, for example 2026-11-29T14:00:00Z."];
            }
            else if (timestamp > now + AllowedSkew)
            {
                errors["timestamp"] = [$"{timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC is in the future; record events when they have happened."];
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        if (kind == "repair")
        {
            (kind, detail) = (MachineEventKinds.Maintenance, $"repair:{detail}");
        }

        return new MachineEventRow(0, site, machine, timestamp.ToUniversalTime(), kind!, detail, comment, actor, now);
    }
}
