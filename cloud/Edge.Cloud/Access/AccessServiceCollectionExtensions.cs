using Edge.Cloud.Kernel;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Edge.Cloud.Access;

internal static class AccessServiceCollectionExtensions
{
    public const string Scheme = "Edge";

    public static IServiceCollection AddCloudAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessOptions>()
            .Bind(configuration.GetSection(CloudOptions.Section))
            .Validate(o => o.PasswordIterations >= 10_000, "Cloud:PasswordIterations must be at least 10000 (default 600000).")
            .ValidateOnStart();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<GatewayAccounts>();
        services.AddSingleton<GatewayCredentials>();
        var lifetime = configuration.GetValue<TimeSpan?>($"{CloudOptions.Section}:{nameof(AccessOptions.SessionLifetime)}") ?? new AccessOptions().SessionLifetime;
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie for the dashboard, bearer token for scripts", options =>
                options.ForwardDefaultSelector = context => context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.Cookie.Name = "edge_session";
                options.Cookie.HttpOnly = true;
                // Strict: another site cannot make the browser send the session with a write.
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = lifetime;
                options.SlidingExpiration = true;
                // An API answers 401/403; it does not redirect to a login page.
                options.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddHostedService<DemoUsersSeeder>();
        return services;
    }
}
