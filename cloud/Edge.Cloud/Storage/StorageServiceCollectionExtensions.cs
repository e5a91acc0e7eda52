using Edge.Cloud.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Storage;

internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddCloudStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => o.Provider is "Sqlite", "Storage:Provider must be 'Sqlite'.")
            .ValidateOnStart();
        services.AddSingleton<ICloudStore>(sp =>
        {
            var cloud = sp.GetRequiredService<IOptions<CloudOptions>>().Value;
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var directory = Path.GetFullPath(cloud.DataDirectory, Directory.GetCurrentDirectory());
            Directory.CreateDirectory(directory);
            return new SqliteCloudStore(Path.Combine(directory, storage.SqliteFileName));
        });
        return services;
    }
}
