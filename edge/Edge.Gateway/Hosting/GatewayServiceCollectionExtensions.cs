using Edge.Gateway.Beacons;
using Edge.Gateway.Broker;
using Edge.Gateway.Fleet;
using Edge.Gateway.Health;
using Edge.Gateway.Maintenance;
using Edge.Gateway.Outbox;
using Edge.Gateway.Privacy;
using Edge.Gateway.Telemetry;
using Edge.Gateway.Uplink;
using Edge.Gateway.Sensing;

namespace Edge.Gateway.Hosting;

/// <summary>One line per capability; each capability's own extension method lives in its folder.</summary>
internal static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayCapabilities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOutbox(configuration);
        services.AddTelemetry(configuration);
        services.AddEmbeddedBroker(configuration);
        services.AddFleet(configuration);
        services.AddUplink(configuration);
        services.AddHealthReporting(configuration);
        services.AddSensing(configuration);
        services.AddPrivacy(configuration);
        services.AddBeacons(configuration);
        services.AddMaintenance(configuration);
        return services;
    }
}
