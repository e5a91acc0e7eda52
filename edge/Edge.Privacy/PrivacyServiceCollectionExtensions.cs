using System.Diagnostics.Metrics;
using Edge.Kernel;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>
/// Registers footfall privacy: pseudonymizer, collection policy, the <see cref="IZoneVisitSink"/>, ledger, releases,
/// transparency. Releases go to the <see cref="Edge.StoreForward.Outbox.IOutboxWriter"/>; the host registers that writer
/// as the <see cref="EgressGuard"/> around the outbox (<c>AddEgressGuard</c>), so no capability can skip the guard.
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
            DataDirectory.Resolve(sp.GetRequiredService<IOptions<GatewayOptions>>()),
            sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.LedgerFileName)));
        services.AddSingleton<FootfallReleaserDependencies>();
        services.AddSingleton<FootfallReleaser>();
        services.AddSingleton<FootfallService>();
        services.AddHostedService(sp => sp.GetRequiredService<FootfallService>());
        services.AddSingleton<PrivacyTransparency>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, PrivacyJsonContext.Default));
        return services;
    }

    /// <summary>
    /// Makes the egress guard, wrapped around <paramref name="outbox"/>, the only <see cref="IOutboxWriter"/>: every
    /// producer's record passes it exactly once. Called by the host, once, after the outbox is registered.
    /// </summary>
    public static IServiceCollection AddEgressGuard(this IServiceCollection services, Func<IServiceProvider, IOutboxWriter> outbox)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        services.AddSingleton(sp => new EgressGuard(
            outbox(sp),
            sp.GetRequiredService<IOptions<PrivacyOptions>>(),
            sp.GetRequiredService<PrivacyCounters>(),
            sp.GetRequiredService<ILogger<EgressGuard>>()));
        services.AddSingleton<IOutboxWriter>(sp => sp.GetRequiredService<EgressGuard>());
        return services;
    }
}
