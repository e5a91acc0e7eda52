namespace Edge.Gateway.Health;

internal static class HealthServiceCollectionExtensions
{
    public static IServiceCollection AddHealthReporting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>()
            .Bind(configuration.GetSection(HealthOptions.Section))
            .Validate(o => o.ReportInterval >= TimeSpan.FromSeconds(1), "Health:ReportInterval must be at least 00:00:01.")
            .ValidateOnStart();
        services.AddHostedService<HealthReporter>();
        return services;
    }
}
