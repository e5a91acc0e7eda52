using System.Threading.Channels;

namespace Edge.Cloud.Ingest;

internal static class IngestServiceCollectionExtensions
{
    public static IServiceCollection AddCloudIngest(this IServiceCollection services, IConfiguration configuration)
    {
        // Bounded: when the store falls behind, the broker holds PUBACKs and gateways keep the records in their outboxes.
        services.AddSingleton(_ => Channel.CreateBounded<PendingEnvelope>(new BoundedChannelOptions(10_000)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        }));
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<CloudBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<CloudBroker>());
        services.AddHostedService<IngestWorker>();
        return services;
    }
}
