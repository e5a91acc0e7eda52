using System.Threading.Channels;

namespace Edge.Cloud.Ingest;

internal static class IngestServiceCollectionExtensions
{
    public static IServiceCollection AddCloudIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>()
            .Bind(configuration.GetSection(IngestOptions.Section))
            .Validate(o => o.Mode is IngestOptions.Embedded or IngestOptions.External, "Ingest:Mode must be 'Embedded' (default) or 'External'.")
            .Validate(o => o.BrokerPort is > 0 and <= 65535, "Ingest:BrokerPort must be a TCP port (1-65535).")
            .Validate(o => o.ReceiveMaximum is > 0 and <= 65535, "Ingest:ReceiveMaximum must be 1-65535.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SharedGroup) && o.SharedGroup.AsSpan().IndexOfAny("/+#") < 0,
                "Ingest:SharedGroup must be a non-empty name without '/', '+' or '#'.")
            .Validate(o => string.IsNullOrEmpty(o.CaCertificatePath) || (o.UseTls && File.Exists(o.CaCertificatePath)),
                "Ingest:CaCertificatePath must name an existing PEM file and needs Ingest:UseTls=true.")
            .ValidateOnStart();

        // Bounded: when the store falls behind, PUBACKs are held and gateways (or the broker) keep the records. Counted
        // in publishes (a gateway sends up to 16 records, at most 16 KiB, per publish by default; one per publish before
        // batching): 4,096 publishes hold several gateways' in-flight windows, enough for group commit to fill its
        // transactions also from gateways that send one record per publish.
        services.AddSingleton(_ => Channel.CreateBounded<PendingPublish>(new BoundedChannelOptions(4_096)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        }));
        services.AddSingleton<IngestMetrics>();
        services.AddHostedService<IngestWorker>();

        var mode = configuration[$"{IngestOptions.Section}:{nameof(IngestOptions.Mode)}"] ?? IngestOptions.Embedded;
        if (string.Equals(mode, IngestOptions.External, StringComparison.Ordinal))
        {
            services.AddSingleton<ExternalIngestClient>();
            services.AddHostedService(sp => sp.GetRequiredService<ExternalIngestClient>());
        }
        else
        {
            services.AddSingleton<GatewayBrokerGuard>();
            services.AddSingleton<CloudBroker>();
            services.AddHostedService(sp => sp.GetRequiredService<CloudBroker>());
        }

        return services;
    }

}
