namespace Edge.Cloud.Models;

internal static class ModelsServiceCollectionExtensions
{
    public static IServiceCollection AddCloudModels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelsOptions>()
            .Bind(configuration.GetSection(ModelsOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.SigningKeyPath), "Models:SigningKeyPath must name a file, for example model-signing-key.pem (relative to Cloud:DataDirectory).")
            .Validate(o => o.ShadowDays >= 0, "Models:ShadowDays must be 0 or more (default 7).")
            .Validate(o => o.MaxModelBytes > 0, "Models:MaxModelBytes must be positive (default 67108864).")
            .Validate(o => o.PromotionCheckInterval > TimeSpan.Zero, "Models:PromotionCheckInterval must be positive, for example 00:10:00.")
            .ValidateOnStart();
        services.AddSingleton<ModelSigner>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ModelPromotionService>();
        // Resolving the service at start creates the signing key on first start, before any upload needs it.
        services.AddHostedService(sp => sp.GetRequiredService<ModelPromotionService>());
        return services;
    }
}
