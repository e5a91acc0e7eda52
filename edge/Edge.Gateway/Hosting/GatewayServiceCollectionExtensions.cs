using Edge.Gateway.Beacons;

namespace Edge.Gateway.Hosting;

/// <summary>One line per capability; each capability's own extension method lives in its folder.</summary>
internal static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayCapabilities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBeacons(configuration);
        return services;
    }
}
