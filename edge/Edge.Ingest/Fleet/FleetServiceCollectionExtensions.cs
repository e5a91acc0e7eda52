using Edge.Ingest.Broker;
using Edge.Kernel;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Fleet;

public static class FleetServiceCollectionExtensions
{
    public static IServiceCollection AddFleet(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FleetOptions>()
            .Bind(configuration.GetSection(FleetOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var directory = DataDirectory.Resolve(sp.GetRequiredService<IOptions<GatewayOptions>>());
            var options = sp.GetRequiredService<IOptions<FleetOptions>>().Value;
            var registryPath = Path.Combine(directory, options.RegistryFileName);
            return new FleetPaths(
                registryPath,
                Path.Combine(directory, options.ActivityFileName),
                new DeviceRegistry(registryPath),
                new DeviceActivity(sp.GetRequiredService<TimeProvider>()));
        });
        services.AddSingleton(sp => sp.GetRequiredService<FleetPaths>().Registry);
        services.AddSingleton(sp => sp.GetRequiredService<FleetPaths>().Activity);
        services.AddSingleton<FleetOutbound>();
        services.AddSingleton<RejectionRecorder>();
        services.AddSingleton<FleetGuard>();
        services.AddSingleton<IBrokerGuard>(sp => sp.GetRequiredService<FleetGuard>());
        services.AddSingleton<ExternalBrokerClient>();
        services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerClient>());
        services.AddHostedService<FleetOutboundService>();
        services.AddHostedService<FleetMaintenanceService>();
        return services;
    }
}
