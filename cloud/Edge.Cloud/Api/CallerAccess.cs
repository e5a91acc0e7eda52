using Edge.Cloud.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Api;

/// <summary>
/// Every <c>/api</c> endpoint goes through this filter: with <c>Cloud:RequireLogin</c> an unauthenticated request gets 401
/// (except endpoints marked AllowAnonymous, such as login). Handlers then ask <see cref="Get"/> who is calling.
/// </summary>
internal sealed class CallerAccess : IEndpointFilter
{
    private readonly AccessOptions _options;

    public CallerAccess(IOptions<AccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (_options.RequireLogin
            && http.User.Identity?.IsAuthenticated != true
            && http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Login required", detail: "Log in (POST /api/login) or send 'Authorization: Bearer <token>'.");
        }

        // A gateway's token opens /api/gateway/* and nothing else; people never call the gateway routes.
        var gatewayRoute = http.Request.Path.StartsWithSegments(GatewayPrefix, StringComparison.Ordinal);
        var isGateway = http.User.Identity?.IsAuthenticated == true && Get(http).Role == Roles.Gateway;
        if (gatewayRoute != isGateway)
        {
            return Forbidden(isGateway ? "A gateway account may call /api/gateway/* only." : "The /api/gateway routes are for gateway accounts (Edge.Cloud admin add-gateway).");
        }

        return await next(context);
    }

    /// <summary>The caller: the authenticated user, or <see cref="Caller.Anonymous"/> when login is not required.</summary>
    public static Caller Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.IsAuthenticated == true ? Caller.FromPrincipal(context.User) : Caller.Anonymous;
    }

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: detail);

    public const string GatewayPrefix = "/api/gateway";

    public const string PlantOnly = "Plant data (machines, alerts, predictions) is for engineers and admins.";
    public const string StoresOnly = "Store data (footfall, privacy, beacons) is for operators and admins.";

    /// <summary>The caller's sites narrowed to <paramref name="site"/> when given (null: every site).</summary>
    public static IReadOnlyCollection<string>? Narrow(Caller caller, string? site)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(site))
        {
            return caller.Sites;
        }

        return caller.CanSee(site) ? [site] : [];
    }
}
