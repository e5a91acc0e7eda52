namespace Edge.Ingest.Telemetry;

/// <summary>The telemetry pipeline every source feeds: the bounded channel, its metrics and the window service.</summary>
public static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new TelemetryChannel(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.ChannelCapacity));
        services.AddSingleton<TelemetryMetrics>();
        services.AddSingleton<WindowService>();
        services.AddHostedService(sp => sp.GetRequiredService<WindowService>());
        return services;
    }
}
