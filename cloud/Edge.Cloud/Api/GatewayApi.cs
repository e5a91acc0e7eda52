using Edge.Cloud.Access;
using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

/// <summary>
/// What gateways fetch (they dial out; bearer token of a gateway account): the models assigned to their own site, the
/// model files, and their site's machine events. A gateway never sees another site's: its account has one site.
/// </summary>
internal static class GatewayApi
{
    public const int MaxEvents = 500;

    public static RouteGroupBuilder MapGatewayApi(this RouteGroupBuilder api)
    {
        var gateway = api.MapGroup("/gateway");
        gateway.MapGet("/models", ListModelsAsync).Produces<IReadOnlyList<GatewayModelResponse>>()
            .WithSummary("Gateway: the models its site should run (serving and shadow, per machine kind) with SHA-256 and signature.");
        gateway.MapGet("/models/{version}/file", GetFileAsync).Produces(StatusCodes.Status200OK, contentType: "application/zip").Produces(StatusCodes.Status404NotFound)
            .WithSummary("Gateway: the exact bytes of a model assigned to its site (404 otherwise).");
        gateway.MapGet("/events", ListEventsAsync).Produces<IReadOnlyList<GatewayEventResponse>>()
            .WithSummary($"Gateway: machine events of its site with id > after, ascending, at most {MaxEvents}.");
        return api;
    }

    private static async Task<IResult> ListModelsAsync(HttpContext context, ModelStore models, CancellationToken cancellationToken)
    {
        if (CallerAccess.Get(context).GatewayId is not { } site)
        {
            return NotAGateway();
        }

        var list = new List<GatewayModelResponse>();
        foreach (var assignment in await models.GetAssignmentsAsync([site], cancellationToken))
        {
            foreach (var (stage, version) in new[] { (ModelStages.Serving, assignment.Serving), (ModelStages.Shadow, assignment.Shadow) })
            {
                if (version is not null && await models.FindAsync(version, cancellationToken) is { } model)
                {
                    list.Add(new GatewayModelResponse(assignment.MachineKind, stage, model.Version, model.Sha256, model.Signature, model.Size));
                }
            }
        }

        return TypedResults.Ok<IReadOnlyList<GatewayModelResponse>>(list);
    }

    private static async Task<IResult> GetFileAsync(string version, HttpContext context, ModelStore models, CancellationToken cancellationToken)
    {
        if (CallerAccess.Get(context).GatewayId is not { } site)
        {
            return NotAGateway();
        }

        var assigned = (await models.GetAssignmentsAsync([site], cancellationToken)).Any(a => a.Serving == version || a.Shadow == version);
        var bytes = assigned ? await models.ReadBytesAsync(version, cancellationToken) : null;
        return bytes is null ? TypedResults.NotFound() : TypedResults.File(bytes, "application/zip", $"{version}.zip");
    }

    private static async Task<IResult> ListEventsAsync(long? after, HttpContext context, MachineEvents events, CancellationToken cancellationToken)
    {
        if (CallerAccess.Get(context).GatewayId is not { } site)
        {
            return NotAGateway();
        }

        var rows = await events.ListAfterAsync(site, after ?? 0, MaxEvents, cancellationToken);
        var list = new List<GatewayEventResponse>(rows.Count);
        foreach (var row in rows)
        {
            list.Add(new GatewayEventResponse(row.Id, row.Timestamp, row.Machine, row.Kind, row.Detail));
        }

        return TypedResults.Ok<IReadOnlyList<GatewayEventResponse>>(list);
    }

    private static IResult NotAGateway() => CallerAccess.Forbidden($"Only a gateway account ({Roles.Gateway} role, one site) may call this.");
}
