using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Edge.Cloud.Hosting;
using Edge.Gateway.Hosting;
using Edge.Simulator.Plant;
using Edge.Simulator.Store;

namespace Edge.Demo;

/// <summary>
/// Starts cloud, gateway and simulator in one process, talking over loopback sockets, and stops them in reverse. Before
/// the gateway starts, the demo generates months of history of other machines of the plant's kind and trains the
/// gateway's model on it (<see cref="DemoPlantModel"/>); the live machines then run the same physics at one plant hour
/// per window, and the demo scores the gateway's alerts against their ground-truth failures (<see cref="DemoQualityMonitor"/>).
/// </summary>
public sealed class DemoRunner : IAsyncDisposable
{
    private readonly DemoOptions _options;
    private readonly TextWriter _output;
    private readonly HttpClient _gatewayHttp;
    private WebApplication? _cloud;
    private WebApplication? _gateway;
    private DemoAlertRecorder? _alerts;
    private DemoEventForwarder? _events;
    private DemoQualityMonitor? _quality;
    private long _started;

    public DemoRunner(DemoOptions options, TextWriter output)
    {
        _options = options;
        _output = output;
        _gatewayHttp = new HttpClient { BaseAddress = new Uri(options.GatewayUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    public PlantSimulator? Plant { get; private set; }

    public StoreSimulation? Store { get; private set; }

    /// <summary>The demo's alert quality so far (null before start).</summary>
    public DemoQualityStatus? Quality => _quality?.Current(TimeProvider.System.GetUtcNow());

    /// <summary>Starts everything, runs until <paramref name="cancellationToken"/> fires, then stops cleanly.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        try
        {
            var store = new StoreMqttPublisher(Store!, "127.0.0.1", _options.GatewayBrokerPort);
            await Task.WhenAll(
                Plant!.RunAsync(cancellationToken),
                RunStoreAsync(store, cancellationToken),
                _events!.RunAsync(cancellationToken),
                _quality!.RunAsync(_options.QualityInterval, _output, TimeProvider.System, cancellationToken));
        }
        finally
        {
            await StopAsync();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _started = Stopwatch.GetTimestamp();
        var data = Path.GetFullPath(_options.DataDirectory);
        Directory.CreateDirectory(data);
        var models = Path.Combine(data, "gateway", "models");
        // Training takes most of the start-up; the cloud starts meanwhile. The gateway starts once the model is in its folder.
        var training = Task.Run(() => DemoPlantModel.PrepareAsync(_options, data, models, _output), cancellationToken);
        Store = new StoreSimulation(new StoreSimulatorOptions
        {
            ShoppersPerHour = 60,
            OpeningDuration = StoreGatewaySettings.OpenFor * _options.StoreSpeed,
            Start = DateTimeOffset.UtcNow,
        });

        _cloud = CloudHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cloud:DataDirectory"] = Path.Combine(data, "cloud"),
            ["Cloud:WebUrl"] = _options.CloudUrl,
            ["Cloud:BrokerPort"] = _options.CloudBrokerPort.ToString(),
            ["Cloud:DemoUsers"] = "true",
        }), UseEmbeddedLifetime);

        var gatewaySettings = new Dictionary<string, string?>
        {
            ["Gateway:Id"] = _options.GatewayId,
            ["Gateway:DataDirectory"] = Path.Combine(data, "gateway"),
            ["Gateway:LocalWebUrl"] = _options.GatewayUrl,
            ["Broker:Port"] = _options.GatewayBrokerPort.ToString(),
            ["Telemetry:Window"] = _options.Window.ToString(),
            ["Uplink:Host"] = "127.0.0.1",
            ["Uplink:Port"] = _options.CloudBrokerPort.ToString(),
            ["Uplink:ReconnectBase"] = "00:00:01",
            ["Health:ReportInterval"] = "00:00:30",

            // The model trained above serves the machines; one window is one plant hour, as in its hourly history.
            ["Maintenance:ModelsDirectory"] = models,
            ["Maintenance:ClockScale"] = _options.ClockScale.ToString(CultureInfo.InvariantCulture),
        };
        StoreGatewaySettings.AddTo(gatewaySettings, Store.Plan, DateTimeOffset.UtcNow);
        var index = 0;
        for (var i = 0; i < _options.Machines; i++)
        {
            gatewaySettings[$"Telemetry:Machines:{index++}"] = PlantSimulatorOptions.MachineId(i);
        }

        await _cloud.StartAsync(cancellationToken);

        // The demo's gateway logs in to the cloud broker like any gateway (Cloud:RequireGatewayLogin): its account's
        // token is its MQTT password (the user name is Gateway:Id).
        var (gatewayToken, _) = await _cloud.Services.GetRequiredService<Edge.Cloud.Access.GatewayAccounts>()
            .AddAsync(_options.GatewayId, "demo", DateTimeOffset.UtcNow, cancellationToken);
        gatewaySettings["Uplink:Password"] = gatewayToken;
        _gateway = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(gatewaySettings), UseEmbeddedLifetime);
        _gateway.MapGet("/api/demo/quality", () => Quality is { } quality
            ? Results.Text(JsonSerializer.Serialize(quality, DemoJsonContext.Default.DemoQualityStatus), "application/json")
            : Results.NotFound());

        var model = await training;
        await _gateway.StartAsync(cancellationToken);

        // The plant's clock starts now: plant time = now + elapsed x ClockScale, as on the gateway.
        Plant = new PlantSimulator(new PlantSimulatorOptions
        {
            BrokerPort = _options.GatewayBrokerPort,
            Machines = _options.Machines,
            Seed = _options.PlantSeed,
            ClockScale = _options.ClockScale,
            PublishInterval = _options.Window / _options.PublishesPerWindow,
            WornAtStart = _options.WornAtStart,
        });
        _alerts = new DemoAlertRecorder(TimeProvider.System.GetUtcNow());
        await _alerts.StartAsync("127.0.0.1", _options.GatewayBrokerPort, cancellationToken);
        _events = new DemoEventForwarder(_gatewayHttp);
        Plant.GroundTruth.Recorded += _events.Enqueue;
        _quality = new DemoQualityMonitor(Plant, _alerts, _events, _gatewayHttp, model, _started);

        await _output.WriteLineAsync($"""

            Edge demo is running: {_options.Machines} simulated machines ({_options.Window.TotalSeconds:0} s windows, each one plant hour:
            the plant runs {_options.ClockScale:0}x real time) served by model {Path.GetFileName(model.Path)}, and a store
            of {Store.Plan.Zones.Count} zones (shoppers at {_options.StoreSpeed}x speed; open for {StoreGatewaySettings.OpenFor.TotalMinutes:0}
            minutes; footfall released every {StoreGatewaySettings.Window.TotalMinutes:0} minutes under a demo budget of epsilon {StoreGatewaySettings.DemoEpsilonPerDay}/day).
              Dashboard and cloud API : {_options.CloudUrl}/            (GET /api/machines, /api/gateways)
              Gateway status          : {_options.GatewayUrl}/api/status   (/api/predictions, /api/alerts, /api/models)
              Demo alert quality      : {_options.GatewayUrl}/api/demo/quality   (vs the simulator's ground-truth failures)
              History the model learnt: {Path.Combine(data, "history")}   (telemetry.csv, events.csv, machines.csv)
              Gateway MQTT broker     : 127.0.0.1:{_options.GatewayBrokerPort}   (devices/<id>/telemetry)
              Cloud MQTT broker       : 127.0.0.1:{_options.CloudBrokerPort}
              Data folder             : {data}
            Press Ctrl+C to stop.

            """);
    }

    public async Task StopAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync(CancellationToken.None);
        }

        if (_cloud is not null)
        {
            await _cloud.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_alerts is not null)
        {
            await _alerts.DisposeAsync();
        }

        _gatewayHttp.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }
    }

    private async Task RunStoreAsync(StoreMqttPublisher store, CancellationToken cancellationToken)
    {
        try
        {
            await store.RunAsync(_options.StoreSpeed, limit: null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static void UseEmbeddedLifetime(IServiceCollection services) =>
        services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
}
