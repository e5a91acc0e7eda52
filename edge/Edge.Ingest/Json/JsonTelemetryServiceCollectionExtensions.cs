using Edge.Ingest.Broker;

namespace Edge.Ingest.Json;

public static class JsonTelemetryServiceCollectionExtensions
{
    /// <summary>Registers the handler the broker gives every <c>devices/&lt;id&gt;/telemetry</c> JSON publish.</summary>
    public static IServiceCollection AddJsonTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<TelemetryIngest>();
        services.AddSingleton<IInboundMessageHandler>(sp => sp.GetRequiredService<TelemetryIngest>());
        return services;
    }
}
