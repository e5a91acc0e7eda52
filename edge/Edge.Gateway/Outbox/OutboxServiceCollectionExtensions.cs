using Edge.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Outbox;

internal static class OutboxServiceCollectionExtensions
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.FileName) && o.FileName.IndexOfAny(Path.GetInvalidFileNameChars()) < 0,
                "Outbox:FileName must be a plain file name such as outbox.db.")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var directory = GatewayHost.ResolveDataDirectory(sp.GetRequiredService<IOptions<GatewayOptions>>());
            var fileName = sp.GetRequiredService<IOptions<OutboxOptions>>().Value.FileName;
            return new SqliteOutbox(Path.Combine(directory, fileName), sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
