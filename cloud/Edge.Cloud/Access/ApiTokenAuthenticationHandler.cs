using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Access;

/// <summary>Scripts send <c>Authorization: Bearer edge_...</c>; the token's SHA-256 is looked up (the token itself is never stored).</summary>
internal sealed class ApiTokenAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiToken";

    private readonly AccountStore _accounts;

    public ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountStore accounts)
        : base(options, logger, encoder) => _accounts = accounts;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var account = await _accounts.FindByTokenAsync(PasswordHasher.TokenHash(header["Bearer ".Length..].Trim()), Context.RequestAborted);
        return account is null
            ? AuthenticateResult.Fail("unknown API token")
            : AuthenticateResult.Success(new AuthenticationTicket(Caller.ToPrincipal(account, SchemeName), SchemeName));
    }
}
