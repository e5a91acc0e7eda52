using Microsoft.Extensions.Options;
using Edge.Kernel;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// Registers the outbox for the uplink and the status pages. Producers do not get it: they take <see cref="IOutboxWriter"/>,
/// which the host registers as the egress guard around this outbox.
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
        services.AddHostedService<OutboxMaintenanceService>();
        return services;
    }
}
