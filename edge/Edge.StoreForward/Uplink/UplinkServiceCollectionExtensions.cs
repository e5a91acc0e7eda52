namespace Edge.StoreForward.Uplink;

public static class UplinkServiceCollectionExtensions
{
    public static IServiceCollection AddUplink(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UplinkOptions>()
            .Bind(configuration.GetSection(UplinkOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<UplinkService>();
        services.AddHostedService(sp => sp.GetRequiredService<UplinkService>());
        return services;
    }
}
