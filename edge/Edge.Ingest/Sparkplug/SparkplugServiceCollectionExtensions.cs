using Edge.Ingest.Broker;

namespace Edge.Ingest.Sparkplug;

public static class SparkplugServiceCollectionExtensions
{
    public static IServiceCollection AddSparkplug(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SparkplugOptions>()
            .Bind(configuration.GetSection(SparkplugOptions.Section))
            .Validate(o => o.Machines.Values.All(machine => Contracts.SafeLabel.IsValid(machine, out _)),
                "Sparkplug:Machines values must be machine ids (letters, digits, '-', '_', '.').")
            .ValidateOnStart();
        services.AddSingleton<SparkplugIngest>();
        services.AddSingleton<IInboundMessageHandler>(sp => sp.GetRequiredService<SparkplugIngest>());
        return services;
    }
}
