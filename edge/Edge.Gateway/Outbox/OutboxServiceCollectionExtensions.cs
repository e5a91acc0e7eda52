using Edge.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Outbox;

internal static class OutboxServiceCollectionExtensions
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var directory = GatewayHost.ResolveDataDirectory(sp.GetRequiredService<IOptions<GatewayOptions>>());
            var options = sp.GetRequiredService<IOptions<OutboxOptions>>().Value;
            return new SqliteOutbox(
                Path.Combine(directory, options.FileName),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SqliteOutbox>>())
            {
                Admission = sp.GetService<Privacy.EgressGuard>() is { } guard ? message => guard.Inspect(message).Accepted : null,
            };
        });
        services.AddHostedService<OutboxMaintenanceService>();
        return services;
    }
}
