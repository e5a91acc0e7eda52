using Edge.Beacons;
using Edge.Gateway.Health;
using Edge.Ingest.Broker;
using Edge.Ingest.Fleet;
using Edge.Ingest.Json;
using Edge.Ingest.Sparkplug;
using Edge.Ingest.Telemetry;
using Edge.Maintenance.Serving;
using Edge.Privacy;
using Edge.Sensing;
using Edge.StoreForward.Outbox;
using Edge.StoreForward.Uplink;

namespace Edge.Gateway.Hosting;

/// <summary>One line per capability; each capability's own extension method lives in its project.</summary>
internal static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayCapabilities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOutbox(configuration);
        // The one seam no record may skip: producers are given IOutboxWriter, which is the egress guard around the outbox.
        services.AddEgressGuard(sp => sp.GetRequiredService<SqliteOutbox>().Store);
        services.AddTelemetry(configuration);
        services.AddEmbeddedBroker(configuration);
        services.AddFleet(configuration);
        services.AddJsonTelemetry();
        services.AddSparkplug(configuration);
        services.AddUplink(configuration);
        services.AddHealthReporting(configuration);
        services.AddSensing(configuration);
        services.AddPrivacy(configuration);
        services.AddBeacons(configuration);
        services.AddMaintenance(configuration);
        return services;
    }
}
