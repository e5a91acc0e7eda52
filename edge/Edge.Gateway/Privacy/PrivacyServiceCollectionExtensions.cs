using System.Diagnostics.Metrics;
using Edge.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Privacy;

/// <summary>
/// Registers footfall privacy: pseudonymizer, collection policy, the <see cref="IZoneVisitSink"/>, ledger, egress
/// guard, transparency. Needs the foundation's <c>SqliteOutbox</c> and <c>GatewayOptions</c>.
/// </summary>
public static class PrivacyServiceCollectionExtensions
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PrivacyCounters(sp.GetService<IMeterFactory>()));
        services.AddSingleton<FootfallCalendar>();
        services.AddSingleton(sp => new Pseudonymizer(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PrivacyOptions>>()));
        services.AddSingleton<CollectionPolicy>();
        services.AddSingleton<FootfallAccumulator>();
        services.AddSingleton<IZoneVisitSink>(sp => sp.GetRequiredService<FootfallAccumulator>());
        services.AddSingleton<UniformSource>(CryptoUniformSource.Instance);
        services.AddSingleton(sp => new PrivacyLedger(Path.Combine(
            GatewayHost.ResolveDataDirectory(sp.GetRequiredService<IOptions<GatewayOptions>>()),
            sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.LedgerFileName)));
        services.AddSingleton<FootfallReleaserDependencies>();
        services.AddSingleton<EgressGuard>();
        services.AddSingleton<FootfallReleaser>();
        services.AddSingleton<FootfallService>();
        services.AddHostedService(sp => sp.GetRequiredService<FootfallService>());
        services.AddSingleton<PrivacyTransparency>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, PrivacyJsonContext.Default));
        return services;
    }
}
