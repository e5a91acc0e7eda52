using Edge.Cloud.Access;
using Edge.Cloud.Live;
using Edge.Cloud.Models;
using Edge.Cloud.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Api;

/// <summary>
/// The model registry for people: admins upload model files (signed by the cloud), assign them to a site and machine
/// kind in shadow, promote and roll back; engineers see which of their sites runs what. Every change is audited.
/// </summary>
internal static class ModelsApi
{
    private const string DefaultMachineKind = "default";

    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/models", UploadAsync).Accepts<byte[]>("application/zip").Produces<ModelRow>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Admin: upload a model file (the zip the trainer wrote; its manifest.json gives version and kind). The cloud stores it with its SHA-256 and signature.");
        api.MapGet("/models", async (HttpContext context, ModelStore models, CancellationToken cancellationToken) =>
            CallerAccess.Get(context).Role == Roles.Admin ? TypedResults.Ok(await models.ListAsync(cancellationToken)) : CallerAccess.Forbidden("Admins only."))
            .Produces<IReadOnlyList<ModelRow>>().WithSummary("Admin: uploaded models, newest first.");
        api.MapGet("/models/public-key", (ModelSigner signer) => TypedResults.Text(signer.PublicKeyPem, "application/x-pem-file"))
            .WithSummary("The cloud's model signing public key (SubjectPublicKeyInfo PEM): pin it in the gateway's CloudLink:ModelPublicKey.");
        api.MapPost("/models/assign", AssignAsync).Produces<ModelAssignmentRow>().ProducesValidationProblem()
            .WithSummary("Admin: run a model at a site for a machine kind, in shadow (default) or serving.");
        api.MapPost("/models/promote", (ModelSiteRequest? body, HttpContext context, ModelRegistry registry, LiveUpdates live, TimeProvider time, CancellationToken cancellationToken) =>
            ChangeAsync(body, context, registry.PromoteAsync, "The site runs no shadow model for that machine kind.", live, time, cancellationToken))
            .Produces<ModelAssignmentRow>().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Admin: the shadow model serves; the old serving model is kept as previous.");
        api.MapPost("/models/rollback", (ModelSiteRequest? body, HttpContext context, ModelRegistry registry, LiveUpdates live, TimeProvider time, CancellationToken cancellationToken) =>
            ChangeAsync(body, context, registry.RollbackAsync, "The site has no previous model for that machine kind.", live, time, cancellationToken))
            .Produces<ModelAssignmentRow>().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Admin: the previous model serves again.");
        api.MapGet("/sites/models", async (HttpContext context, ModelStore models, CancellationToken cancellationToken) =>
        {
            var caller = CallerAccess.Get(context);
            return caller.SeesPlants ? TypedResults.Ok(await models.GetAssignmentsAsync(caller.Sites, cancellationToken)) : CallerAccess.Forbidden(CallerAccess.PlantOnly);
        }).Produces<IReadOnlyList<ModelAssignmentRow>>().WithSummary("Which site runs which model version per machine kind: serving, shadow (since when) and previous.");
        return api;
    }

    private static async Task<IResult> UploadAsync(
        HttpContext context, ModelRegistry registry, IOptions<ModelsOptions> options, LiveUpdates live, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (caller.Role != Roles.Admin)
        {
            return CallerAccess.Forbidden("Admins only.");
        }

        var max = options.Value.MaxModelBytes;
        if (context.Request.ContentLength > max)
        {
            return TooLarge(max);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1;
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > max)
            {
                return TooLarge(max);
            }

            body.Write(buffer, 0, read);
        }

        ModelRow? model;
        try
        {
            model = await registry.UploadAsync(body.ToArray(), caller.Name, timeProvider.GetUtcNow(), cancellationToken);
        }
        catch (InvalidDataException error)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a model file", detail: error.Message);
        }

        if (model is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Version exists",
                detail: "A model with this manifest version was uploaded before; a version names one file forever. Train again (new version) or assign the existing one.");
        }

        live.Publish("models");
        return TypedResults.Created("/api/models", model);
    }

    private static async Task<IResult> AssignAsync(
        ModelAssignRequest? body, HttpContext context, ModelRegistry registry, ModelStore models, LiveUpdates live, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (caller.Role != Roles.Admin)
        {
            return CallerAccess.Forbidden("Admins only.");
        }

        var errors = new Dictionary<string, string[]>();
        var (site, kind) = SiteAndKind(body?.Site, body?.MachineKind, errors);
        var stage = string.IsNullOrEmpty(body?.Stage) ? ModelStages.Shadow : body.Stage;
        if (stage is not (ModelStages.Shadow or ModelStages.Serving))
        {
            errors["stage"] = ["stage must be shadow (default: scored and compared, no alerts) or serving."];
        }

        if (string.IsNullOrEmpty(body?.Version) || await models.FindAsync(body.Version, cancellationToken) is null)
        {
            errors["version"] = [$"No uploaded model has version '{body?.Version}' (GET /api/models lists them)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var row = await registry.AssignAsync(site, kind, body!.Version!, stage, caller.Name, timeProvider.GetUtcNow(), cancellationToken);
        live.Publish("models");
        return TypedResults.Ok(row);
    }

    private static async Task<IResult> ChangeAsync(
        ModelSiteRequest? body, HttpContext context, Func<string, string, string, DateTimeOffset, CancellationToken, Task<ModelAssignmentRow?>> change,
        string notApplicable, LiveUpdates live, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (caller.Role != Roles.Admin)
        {
            return CallerAccess.Forbidden("Admins only.");
        }

        var errors = new Dictionary<string, string[]>();
        var (site, kind) = SiteAndKind(body?.Site, body?.MachineKind, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var row = await change(site, kind, caller.Name, timeProvider.GetUtcNow(), cancellationToken);
        if (row is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to change", detail: notApplicable);
        }

        live.Publish("models");
        return TypedResults.Ok(row);
    }

    private static (string Site, string MachineKind) SiteAndKind(string? site, string? machineKind, Dictionary<string, string[]> errors)
    {
        if (!Edge.Contracts.SafeLabel.IsValid(site, out var reason))
        {
            errors["site"] = [$"site (the gateway id) {reason}."];
        }

        var kind = string.IsNullOrEmpty(machineKind) ? DefaultMachineKind : machineKind;
        if (!Edge.Contracts.SafeLabel.IsValid(kind, out reason))
        {
            errors["machineKind"] = [$"machineKind {reason}."];
        }

        return (site ?? "", kind);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long max) => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Model file too large",
        detail: $"At most {max} bytes (Models:MaxModelBytes).");
}
