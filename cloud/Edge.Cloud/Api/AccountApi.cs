using Edge.Cloud.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Api;

internal static class AccountApi
{
    // Verifying against this when the user does not exist keeps "no such user" as slow as "wrong password".
    private static readonly string s_decoyHash = PasswordHasher.Hash("decoy-password", 10_000);

    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        api.MapPost("/login", LoginAsync).AllowAnonymous().WithSummary("Cookie login for the dashboard.");
        api.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        }).AllowAnonymous();
        api.MapGet("/me", (HttpContext context, IOptions<AccessOptions> options) =>
        {
            var caller = CallerAccess.Get(context);
            return TypedResults.Ok(new CallerResponse(caller.Name, caller.Role, caller.Sites, options.Value.RequireLogin));
        });
        api.MapPost("/tokens", CreateTokenAsync).WithSummary("A new API token for scripts (shown once).");
        api.MapGet("/users", async (HttpContext context, AccountStore accounts, CancellationToken cancellationToken) =>
            CallerAccess.Get(context).Role == Roles.Admin ? TypedResults.Ok(await accounts.ListUsersAsync(cancellationToken)) : CallerAccess.Forbidden("Admins only."));
        api.MapPost("/users", CreateUserAsync).WithSummary("Admin: create an engineer, operator or admin with granted sites.");
        api.MapPut("/users/{name}/sites", SetSitesAsync).WithSummary("Admin: replace a user's granted sites.");
        api.MapGet("/audit", async (int? limit, HttpContext context, AccountStore accounts, CancellationToken cancellationToken) =>
            CallerAccess.Get(context).Role == Roles.Admin
                ? TypedResults.Ok(await accounts.GetAuditAsync(Math.Clamp(limit ?? 200, 1, 5000), cancellationToken))
                : CallerAccess.Forbidden("Admins only."));
        return api;
    }

    private static async Task<IResult> LoginAsync(LoginRequest request, HttpContext context, AccountStore accounts, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var found = string.IsNullOrEmpty(request.Name) ? null : await accounts.FindUserAsync(request.Name, cancellationToken);
        var valid = PasswordHasher.Verify(request.Password ?? "", found?.PasswordHash ?? s_decoyHash) && found is not null;
        if (!valid)
        {
            await accounts.AuditAsync(timeProvider.GetUtcNow(), request.Name ?? "", "login.failed", "session", null, cancellationToken);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong name or password");
        }

        var account = found!.Value.Account;
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Caller.ToPrincipal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        await accounts.AuditAsync(timeProvider.GetUtcNow(), account.Name, "login", "session", null, cancellationToken);
        var caller = Caller.FromPrincipal(Caller.ToPrincipal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.Ok(new CallerResponse(caller.Name, caller.Role, caller.Sites, true));
    }

    private static async Task<IResult> CreateTokenAsync(TokenRequest? request, HttpContext context, AccountStore accounts, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return CallerAccess.Forbidden("Log in first: a token acts as a user.");
        }

        var token = PasswordHasher.NewToken();
        var label = string.IsNullOrWhiteSpace(request?.Label) ? "script" : request.Label.Trim();
        await accounts.AddTokenAsync(PasswordHasher.TokenHash(token), caller.Name, label, timeProvider.GetUtcNow(), cancellationToken);
        await accounts.AuditAsync(timeProvider.GetUtcNow(), caller.Name, "token.create", caller.Name, label, cancellationToken);
        return TypedResults.Ok(new TokenResponse(token, label));
    }

    private static async Task<IResult> CreateUserAsync(
        CreateUserRequest request, HttpContext context, AccountStore accounts, IOptions<AccessOptions> options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (caller.Role != Roles.Admin)
        {
            return CallerAccess.Forbidden("Admins only.");
        }

        var errors = new Dictionary<string, string[]>();
        if (!Edge.Contracts.SafeLabel.IsValid(request.Name, out var reason))
        {
            errors["name"] = [$"name {reason}."];
        }

        if (!Roles.IsKnown(request.Role))
        {
            errors["role"] = ["role must be engineer, operator or admin."];
        }

        if (request.Password is { Length: < 12 })
        {
            errors["password"] = ["At least 12 characters (or leave it out to get a generated one)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var generated = request.Password is null ? PasswordHasher.NewPassword() : null;
        var sites = request.Sites ?? [];
        if (!await accounts.CreateUserAsync(request.Name, request.Role, PasswordHasher.Hash(request.Password ?? generated!, options.Value.PasswordIterations), sites, timeProvider.GetUtcNow(), cancellationToken))
        {
            return TypedResults.Conflict();
        }

        await accounts.AuditAsync(timeProvider.GetUtcNow(), caller.Name, "user.create", request.Name, $"{request.Role}: {string.Join(',', sites)}", cancellationToken);
        return TypedResults.Ok(new CreateUserResponse(request.Name, request.Role, sites, generated));
    }

    private static async Task<IResult> SetSitesAsync(string name, SitesRequest request, HttpContext context, AccountStore accounts, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Get(context);
        if (caller.Role != Roles.Admin)
        {
            return CallerAccess.Forbidden("Admins only.");
        }

        if (!await accounts.SetSitesAsync(name, request.Sites, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await accounts.AuditAsync(timeProvider.GetUtcNow(), caller.Name, "user.sites", name, string.Join(',', request.Sites), cancellationToken);
        return TypedResults.NoContent();
    }
}
