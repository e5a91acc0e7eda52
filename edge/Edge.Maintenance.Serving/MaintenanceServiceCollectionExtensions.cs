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
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(MaintenanceApiJsonContext.Default));
        return services;
    }
}
