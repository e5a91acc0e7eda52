namespace Edge.Ingest.Broker;

public static class BrokerServiceCollectionExtensions
{
    public static IServiceCollection AddEmbeddedBroker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrokerOptions>()
            .Bind(configuration.GetSection(BrokerOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => System.Net.IPAddress.TryParse(o.BindAddress, out _), "Broker:BindAddress must be an IP address such as 127.0.0.1 or 0.0.0.0.")
            .Validate(o => o.TlsPort == 0 || File.Exists(o.TlsCertificatePath),
                "Broker:TlsPort is set but Broker:TlsCertificatePath does not name an existing .pfx file: set it or set Broker:TlsPort to 0.")
            .Validate(o => o.TlsPort != o.Port, "Broker:TlsPort must differ from Broker:Port.")
            .ValidateOnStart();
        services.AddSingleton<EmbeddedBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        return services;
    }
}
