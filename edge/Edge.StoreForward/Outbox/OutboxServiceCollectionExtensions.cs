using Edge.Kernel;
using Microsoft.Extensions.Options;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// Registers the outbox and its parts, each for the callers that need it: <see cref="OutboxLeases"/> for the uplink,
/// <see cref="OutboxMonitor"/> for the status pages and health, <see cref="OutboxMaintenance"/> for the maintenance
/// service. <see cref="OutboxStore"/> is not registered: producers take <see cref="IOutboxWriter"/>, which the host
/// registers as the egress guard around <see cref="SqliteOutbox.Store"/>.
/// </summary>
public static class OutboxServiceCollectionExtensions
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var directory = DataDirectory.Resolve(sp.GetRequiredService<IOptions<GatewayOptions>>());
            var options = sp.GetRequiredService<IOptions<OutboxOptions>>().Value;
            return new SqliteOutbox(
                Path.Combine(directory, options.FileName),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SqliteOutbox>>());
        });
        services.AddSingleton(sp => sp.GetRequiredService<SqliteOutbox>().Leases);
        services.AddSingleton(sp => sp.GetRequiredService<SqliteOutbox>().Monitor);
        services.AddSingleton(sp => sp.GetRequiredService<SqliteOutbox>().Maintenance);
        services.AddHostedService<OutboxMaintenanceService>();
        return services;
    }
}
