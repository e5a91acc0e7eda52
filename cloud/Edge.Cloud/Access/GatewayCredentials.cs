namespace Edge.Cloud.Access;

/// <summary>
/// Checks a gateway's MQTT login: user name = gateway id, password = a token of the account <c>gateway.&lt;id&gt;</c>
/// (the same secret the gateway sends as <c>Authorization: Bearer</c> on <c>/api/gateway/*</c>). One SHA-256 and one
/// indexed look-up of the token's hash, whether or not the gateway exists: no key stretching is needed for a random
/// 256-bit token, and an unknown name costs what a known one costs.
/// </summary>
public sealed class GatewayCredentials
{
    private readonly AccountStore _accounts;

    public GatewayCredentials(AccountStore accounts) => _accounts = accounts;

    /// <summary>True when <paramref name="token"/> is a live token of the gateway account of <paramref name="gatewayId"/>.</summary>
    public async Task<bool> VerifyAsync(string? gatewayId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(gatewayId) || string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return false;
        }

        var account = await _accounts.FindByTokenAsync(PasswordHasher.TokenHash(token), cancellationToken);
        return account is { Role: Roles.Gateway, Sites: [var site] }
            && string.Equals(account.Name, GatewayAccounts.AccountName(gatewayId), StringComparison.Ordinal)
            && string.Equals(site, gatewayId, StringComparison.Ordinal);
    }
}
