using Edge.Cloud.Api;
using Edge.Cloud.Ingest;
using Edge.Cloud.Live;
using Edge.Cloud.Storage;

namespace Edge.Cloud.Hosting;

/// <summary>Composes the cloud service. Used by <c>Program</c>, the demo launcher and the end-to-end tests.</summary>
public static class CloudHost
{
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "cloudsettings.json"), optional: true);
        // Quiet defaults first, so appsettings, environment and command line can override them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            },
        });
        builder.Configuration.AddEnvironmentVariables("EDGE_");
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder.Configuration);

        builder.Services.AddOptions<CloudOptions>()
            .Bind(builder.Configuration.GetSection(CloudOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CloudJsonContext.Default));
        builder.Services.AddCloudStorage(builder.Configuration);
        builder.Services.AddSingleton<LiveUpdates>();
        builder.Services.AddCloudIngest(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var webUrl = builder.Configuration[$"{CloudOptions.Section}:{nameof(CloudOptions.WebUrl)}"] ?? new CloudOptions().WebUrl;
        builder.WebHost.UseUrls(webUrl);

        var app = builder.Build();
        app.UseDashboard();
        app.MapHealthApi();
        app.MapGatewaysApi();
        app.MapMachinesApi();
        app.MapLiveApi();
        return app;
    }
}
