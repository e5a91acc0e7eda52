using Microsoft.Extensions.Options;

namespace Edge.Cloud.Access;

/// <summary>
/// With <c>Cloud:DemoUsers=true</c>, creates demo-engineer, demo-operator and demo-admin (every site) with fresh random
/// passwords and prints them once to the console. Accounts that exist are left alone. Never on by default.
/// </summary>
internal sealed class DemoUsersSeeder : IHostedService
{
    private readonly AccountStore _accounts;
    private readonly AccessOptions _options;
    private readonly TimeProvider _timeProvider;

    public DemoUsersSeeder(AccountStore accounts, IOptions<AccessOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _accounts = accounts;
        _options = options.Value;
        _timeProvider = timeProvider;
    }

    /// <summary>Names and passwords of the accounts created by this start (empty when none).</summary>
    public IReadOnlyDictionary<string, string> Created { get; private set; } = new Dictionary<string, string>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.DemoUsers)
        {
            return;
        }

        var created = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in new[] { Roles.Engineer, Roles.Operator, Roles.Admin })
        {
            var name = $"demo-{role}";
            var password = PasswordHasher.NewPassword();
            if (await _accounts.CreateUserAsync(name, role, PasswordHasher.Hash(password, _options.PasswordIterations), [Roles.AllSites], _timeProvider.GetUtcNow(), cancellationToken))
            {
                created[name] = password;
                await _accounts.AuditAsync(_timeProvider.GetUtcNow(), "system", "user.create", name, "demo account", cancellationToken);
            }
        }

        Created = created;
        foreach (var (name, password) in created)
        {
            // Deliberately on the console, not in the log: shown once to whoever started the demo.
            await Console.Out.WriteLineAsync($"Demo account created: {name} / {password}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
