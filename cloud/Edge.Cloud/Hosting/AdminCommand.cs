using Edge.Cloud.Access;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Hosting;

/// <summary>
/// <c>admin create &lt;name&gt;</c>: creates the first (or another) admin with a generated password, printed once.
/// Uses the same configuration as the service (Storage:Provider, connection string, data folder). There is no default password.
/// </summary>
internal static class AdminCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args is not ["admin", "create", var name, ..])
        {
            await output.WriteLineAsync("usage: Edge.Cloud admin create <name> [--Storage:Provider=PostgreSql --Storage:ConnectionString=...]");
            return 2;
        }

        if (!Edge.Contracts.SafeLabel.IsValid(name, out var reason))
        {
            await output.WriteLineAsync($"'{name}' is not a valid user name: {reason}.");
            return 2;
        }

        await using var app = CloudHost.Build(args[3..]);
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
}
