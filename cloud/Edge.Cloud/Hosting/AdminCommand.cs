using Edge.Cloud.Access;
using Edge.Cloud.Models;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Hosting;

/// <summary>
/// <c>admin create &lt;name&gt;</c>: creates the first (or another) admin with a generated password, printed once.
/// <c>admin add-gateway &lt;gatewayId&gt;</c>: the gateway's account (it may fetch its site's models and events only) and
/// a token, printed once. <c>admin model-public-key</c>: the PEM gateways pin. Uses the same configuration as the
/// service (Storage:Provider, connection string, data folder). There is no default password.
/// </summary>
internal static class AdminCommand
{
    private const string Usage = """
        usage: Edge.Cloud admin create <name>             a new admin; prints its generated password once
               Edge.Cloud admin add-gateway <gatewayId>   a gateway account; prints its token (API and MQTT login) once
                          (also: admin gateways add <gatewayId>)
               Edge.Cloud admin model-public-key          the model signing public key (PEM) for CloudLink:ModelPublicKey
        (add --Storage:Provider=PostgreSql --Storage:ConnectionString=... as for the service)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        switch (args)
        {
            case ["admin", "create", var name, ..]:
                return await CreateAdminAsync(name, args[3..], output, cancellationToken);
            case ["admin", "add-gateway", var gatewayId, ..]:
                return await AddGatewayAsync(gatewayId, args[3..], output, cancellationToken);
            case ["admin", "gateways", "add", var gatewayId, ..]:
                return await AddGatewayAsync(gatewayId, args[4..], output, cancellationToken);
            case ["admin", "model-public-key", ..]:
                await using (var app = CloudHost.Build(args[2..]))
                {
                    await output.WriteAsync(app.Services.GetRequiredService<ModelSigner>().PublicKeyPem);
                    await output.WriteLineAsync();
                }

                return 0;
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> CreateAdminAsync(string name, string[] settings, TextWriter output, CancellationToken cancellationToken)
    {
        if (!Edge.Contracts.SafeLabel.IsValid(name, out var reason))
        {
            await output.WriteLineAsync($"'{name}' is not a valid user name: {reason}.");
            return 2;
        }

        await using var app = CloudHost.Build(settings);
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var options = app.Services.GetRequiredService<IOptions<AccessOptions>>().Value;
        var time = app.Services.GetRequiredService<TimeProvider>();
        var password = PasswordHasher.NewPassword();
        if (!await accounts.CreateUserAsync(name, Roles.Admin, PasswordHasher.Hash(password, options.PasswordIterations), [Roles.AllSites], time.GetUtcNow(), cancellationToken))
        {
            await output.WriteLineAsync($"A user named '{name}' already exists.");
            return 1;
        }

        await accounts.AuditAsync(time.GetUtcNow(), "console", "user.create", name, "admin (command line)", cancellationToken);
        await output.WriteLineAsync($"Admin '{name}' created. Password (shown once, change it by creating a new admin if lost): {password}");
        return 0;
    }

    private static async Task<int> AddGatewayAsync(string gatewayId, string[] settings, TextWriter output, CancellationToken cancellationToken)
    {
        if (!Edge.Contracts.SafeLabel.IsValid(gatewayId, out var reason))
        {
            await output.WriteLineAsync($"'{gatewayId}' is not a valid gateway id: {reason}.");
            return 2;
        }

        await using var app = CloudHost.Build(settings);
        var time = app.Services.GetRequiredService<TimeProvider>();
        try
        {
            var (token, created) = await app.Services.GetRequiredService<GatewayAccounts>().AddAsync(gatewayId, "console", time.GetUtcNow(), cancellationToken);
            await output.WriteLineAsync(created
                ? $"Gateway account '{GatewayAccounts.AccountName(gatewayId)}' created (site {gatewayId})."
                : $"Gateway account '{GatewayAccounts.AccountName(gatewayId)}' exists: a new token was added (earlier tokens stay valid).");
            await output.WriteLineAsync($"Token (shown once; set it as the gateway's CloudLink:Token and Uplink:Password): {token}");
            return 0;
        }
        catch (InvalidOperationException error)
        {
            await output.WriteLineAsync(error.Message);
            return 1;
        }
    }
}
