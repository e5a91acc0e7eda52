using Edge.Cloud.Access;
using Edge.Cloud.Api;
using Edge.Cloud.Ingest;
using Edge.Cloud.Kernel;
using Edge.Cloud.Live;
using Edge.Cloud.Models;
using Edge.Cloud.Notifications;
using Edge.Cloud.Storage;
using OpenTelemetry.Metrics;

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
        builder.Services.AddCloudAccess(builder.Configuration);
        builder.Services.AddCloudModels(builder.Configuration);
        builder.Services.AddSingleton<LiveUpdates>();
        builder.Services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.Url is null || Uri.TryCreate(o.Url, UriKind.Absolute, out _), "Cloud:Webhook:Url must be an absolute URL such as https://hooks.example/edge.")
            .Validate(o => o.MaxAttempts >= 1, "Cloud:Webhook:MaxAttempts must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(AlertNotifier.HttpClientName);
        builder.Services.AddSingleton<AlertNotifier>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());
        builder.Services.AddSingleton<StoredBatchFanOut>();
        builder.Services.AddCloudIngest(builder.Configuration);
        builder.Services.AddOpenApi();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(IngestMetrics.MeterName, AlertNotifier.MeterName)
            .AddPrometheusExporter());
        configureServices?.Invoke(builder.Services);

        var webUrl = builder.Configuration[$"{CloudOptions.Section}:{nameof(CloudOptions.WebUrl)}"] ?? new CloudOptions().WebUrl;
        builder.WebHost.UseUrls(webUrl);

        var app = builder.Build();
        app.UseDashboard();
        app.UseAuthentication();
        app.MapHealthApi();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint();
        var api = app.MapGroup("/api").AddEndpointFilter<CallerAccess>();
        api.MapAccountApi();
        api.MapIngestStatusApi();
        api.MapGatewaysApi();
        api.MapMachinesApi();
        api.MapAlertsApi();
        api.MapFootfallApi();
        api.MapLiveApi();
        api.MapMachineEventsApi();
        api.MapHistoryApi();
        api.MapModelsApi();
        api.MapGatewayApi();
        return app;
    }
}
