using Microsoft.Extensions.Options;

namespace Edge.Cloud.Access;

/// <summary>
/// Accounts gateways use to fetch models and machine events: role <see cref="Roles.Gateway"/>, named
/// <c>gateway.&lt;id&gt;</c>, whose only site is the gateway's id. They authenticate with an API token only (their
/// password is random and never shown). <c>Edge.Cloud admin add-gateway &lt;id&gt;</c> and the demo use this.
/// </summary>
public sealed class GatewayAccounts
{
    private readonly AccountStore _accounts;
    private readonly AccessOptions _options;

    public GatewayAccounts(AccountStore accounts, IOptions<AccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _accounts = accounts;
        _options = options.Value;
    }

    public static string AccountName(string gatewayId) => $"gateway.{gatewayId}";

    /// <summary>
    /// Creates the gateway's account when missing and issues a new API token (returned once; only its hash is stored).
    /// Running it again for the same gateway issues another token; earlier ones stay valid.
    /// </summary>
    public async Task<(string Token, bool Created)> AddAsync(string gatewayId, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Edge.Contracts.SafeLabel.Require(gatewayId, nameof(gatewayId));
        var name = AccountName(gatewayId);
        var existing = await _accounts.FindUserAsync(name, cancellationToken);
        if (existing is { } found && (found.Account.Role != Roles.Gateway || found.Account.Sites is not [var site] || site != gatewayId))
        {
            throw new InvalidOperationException($"The account '{name}' exists but is not the gateway account of '{gatewayId}'.");
        }

        var created = existing is null && await _accounts.CreateUserAsync(
            name, Roles.Gateway, PasswordHasher.Hash(PasswordHasher.NewPassword(), _options.PasswordIterations), [gatewayId], at, cancellationToken);
        if (created)
        {
            await _accounts.AuditAsync(at, actor, "user.create", name, $"gateway: {gatewayId}", cancellationToken);
        }

        var token = PasswordHasher.NewToken();
        await _accounts.AddTokenAsync(PasswordHasher.TokenHash(token), name, "gateway", at, cancellationToken);
        await _accounts.AuditAsync(at, actor, "token.create", name, "gateway", cancellationToken);
        return (token, created);
    }
}
