using Edge.Cloud.Kernel;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Storage;

internal static class StorageServiceCollectionExtensions
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    public static IServiceCollection AddCloudStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => o.Provider is Sqlite or PostgreSql, "Storage:Provider must be 'Sqlite' (default) or 'PostgreSql'.")
            .Validate(o => o.Provider != PostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:ConnectionString is required when Storage:Provider is 'PostgreSql', for example 'Host=db;Database=edge;Username=edge'.")
            .Validate(o => o.Retention > TimeSpan.FromDays(1), "Storage:Retention must be more than one day, for example 400.00:00:00.")
            .Validate(o => o.RetentionInterval > TimeSpan.Zero, "Storage:RetentionInterval must be positive, for example 06:00:00.")
            .ValidateOnStart();
        services.AddSingleton<RelationalCloudStore>(sp =>
        {
            var cloud = sp.GetRequiredService<IOptions<CloudOptions>>().Value;
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.Provider == PostgreSql)
            {
                return new PostgresCloudStore(storage.ConnectionString!, sp.GetRequiredService<TimeProvider>(), storage.Retention);
            }

            var directory = Path.GetFullPath(cloud.DataDirectory, Directory.GetCurrentDirectory());
            Directory.CreateDirectory(directory);
            return new SqliteCloudStore(Path.Combine(directory, storage.SqliteFileName));
        });
        services.AddSingleton<ICloudStore>(sp => sp.GetRequiredService<RelationalCloudStore>());
        services.AddSingleton(sp => sp.GetRequiredService<RelationalCloudStore>().Events);
        services.AddSingleton(sp => sp.GetRequiredService<RelationalCloudStore>().History);
        services.AddSingleton(sp => sp.GetRequiredService<RelationalCloudStore>().Models);
        services.AddHostedService<RetentionService>();
        return services;
    }
}
