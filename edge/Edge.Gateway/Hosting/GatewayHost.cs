using Edge.Gateway.LocalWeb;
using Edge.Kernel;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Hosting;

/// <summary>Composes the gateway: configuration, each capability's services, and the local web.</summary>
public static class GatewayHost
{
    /// <summary>Builds the gateway from appsettings.json, <c>EDGE_</c> environment variables and <paramref name="args"/>.</summary>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
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

        builder.Host.UseSystemd();
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, LocalWebJsonContext.Default));
        builder.Services.AddGatewayCapabilities(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var localWebUrl = builder.Configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.LocalWebUrl)}"]
            ?? new GatewayOptions().LocalWebUrl;
        builder.WebHost.UseUrls(localWebUrl);

        var app = builder.Build();
        app.MapLocalWeb();
        return app;
    }
}
