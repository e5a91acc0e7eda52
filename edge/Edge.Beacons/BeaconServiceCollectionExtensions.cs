using Edge.Beacons.Configuration;
using Edge.Beacons.Diagnostics;
using Edge.Beacons.Inputs;
using Edge.Beacons.Zones;
using Edge.Ingest.Broker;
using Edge.Ingest.Fleet;
using Edge.Privacy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Edge.Beacons;

public static class BeaconServiceCollectionExtensions
{
    /// <summary>
    /// Registers BLE footfall: options (section <c>Footfall</c>, validated at start-up), the ingest the broker calls,
    /// zone assignment and its loop, and the status behind <c>GET /api/beacons</c>. Uses the registered
    /// <see cref="IZoneVisitSink"/> and <see cref="Pseudonymizer"/> (the privacy capability's), else minimal defaults.
    /// </summary>
    public static IServiceCollection AddBeacons(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FootfallOptions>()
            .Bind(configuration.GetSection(FootfallOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FootfallOptions>, FootfallOptionsValidator>();
        // Scanners publish one message per advertisement they hear: fleet ingest holds them to the scanner rate.
        services.AddOptions<FleetOptions>().PostConfigure<IOptions<FootfallOptions>>(
            (fleet, footfall) => fleet.ScannerDevices.UnionWith(footfall.Value.Scanners.Keys));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Pseudonymizer>();
        services.TryAddSingleton<IZoneVisitSink, CountingZoneVisitSink>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<FootfallOptions>>().Value);
        services.AddSingleton<ZoneMap>();
        services.AddSingleton(provider => new BeaconCounters(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<ScannerRegistry>();
        services.AddSingleton<StoreBeaconRegistry>();
        services.AddSingleton<ZoneTracker>();
        services.AddSingleton<BeaconPipeline>();
        services.AddSingleton<SightingGate>();
        services.AddSingleton<BeaconIngest>();
        services.AddSingleton<IInboundMessageHandler, BeaconMessageHandler>();
        services.AddSingleton<BeaconsStatusBuilder>();
        services.AddHostedService<BeaconPipelineService>();
        services.AddHostedService<LocalRadioScanner>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BeaconsJsonContext.Default));
        return services;
    }
}
