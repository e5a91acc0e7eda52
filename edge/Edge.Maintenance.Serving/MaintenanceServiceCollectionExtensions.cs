using Edge.Kernel;
using Edge.Maintenance.Serving.CloudLink;
using Edge.Maintenance.Serving.State;
using Microsoft.Extensions.Options;
using Edge.Ingest.Telemetry;

namespace Edge.Maintenance.Serving;

public static class MaintenanceServiceCollectionExtensions
{
    public static IServiceCollection AddMaintenance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MaintenanceOptions>()
            .Bind(configuration.GetSection(MaintenanceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<AlertPolicy>();
        services.AddSingleton<AlertPublisher>();
        services.AddSingleton<MaintenanceObserver>();
        services.AddSingleton<IWindowObserver>(sp => sp.GetRequiredService<MaintenanceObserver>());
        services.AddHostedService<ModelWatcher>();
        services.AddOptions<CloudLinkOptions>()
            .Bind(configuration.GetSection(CloudLinkOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new MaintenanceStateDatabase(Path.GetFullPath(
            sp.GetRequiredService<IOptions<MaintenanceOptions>>().Value.StateDatabase,
            DataDirectory.Resolve(sp.GetRequiredService<IOptions<GatewayOptions>>()))));
        services.AddSingleton<MaintenanceStateService>();
        services.AddHostedService(sp => sp.GetRequiredService<MaintenanceStateService>());
        services.AddHttpClient<CloudLinkClient>();
        services.AddSingleton<CloudModelFiles>();
        services.AddSingleton<CloudModelFetcher>();
        services.AddSingleton<CloudLinkService>();
        services.AddHostedService(sp => sp.GetRequiredService<CloudLinkService>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(MaintenanceApiJsonContext.Default));
        return services;
    }
}
