using Edge.Gateway.Broker;

namespace Edge.Gateway.Telemetry;

internal static class TelemetryServiceCollectionExtensions
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
        services.AddSingleton<TelemetryIngest>();
        services.AddSingleton<IInboundMessageHandler>(sp => sp.GetRequiredService<TelemetryIngest>());
        services.AddSingleton<WindowService>();
        services.AddHostedService(sp => sp.GetRequiredService<WindowService>());
        return services;
    }
}
