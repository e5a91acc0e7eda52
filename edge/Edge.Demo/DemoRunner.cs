using Edge.Cloud.Hosting;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.Simulator.Plant;
using Edge.Simulator.Store;

namespace Edge.Demo;

/// <summary>Starts cloud, gateway and simulator in one process, talking over loopback sockets, and stops them in reverse.</summary>
public sealed class DemoRunner : IAsyncDisposable
{
    private readonly DemoOptions _options;
    private readonly TextWriter _output;
    private WebApplication? _cloud;
    private WebApplication? _gateway;

    public DemoRunner(DemoOptions options, TextWriter output)
    {
        _options = options;
        _output = output;
    }

    public PlantSimulator? Plant { get; private set; }

    public StoreSimulation? Store { get; private set; }

    /// <summary>Starts everything, runs until <paramref name="cancellationToken"/> fires, then stops cleanly.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        try
        {
            var store = new StoreMqttPublisher(Store!, "127.0.0.1", _options.GatewayBrokerPort);
            await Task.WhenAll(
                Plant!.RunAsync(cancellationToken),
                RunStoreAsync(store, cancellationToken));
        }
        finally
        {
            await StopAsync();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(_options.DataDirectory);
        Directory.CreateDirectory(data);
        // Machines wear out in minutes rather than hours, so the demo shows alerts while you watch.
        Plant = new PlantSimulator(new PlantSimulatorOptions { BrokerPort = _options.GatewayBrokerPort, Machines = _options.Machines, WearPerStep = 1.0 / 400 });
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

            // The demo's machines have no trained model: the streaming anomaly detector watches them. A lower threshold
            // than the production default (4 standard deviations) lets it speak within the few minutes a demo lasts.
            ["Maintenance:AnomalyZThreshold"] = "2.5",
        };
        StoreGatewaySettings.AddTo(gatewaySettings, Store.Plan, DateTimeOffset.UtcNow);
        var index = 0;
        foreach (var machine in Plant.MachineIds)
        {
            gatewaySettings[$"Telemetry:Machines:{index++}"] = machine;
        }

        _gateway = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(gatewaySettings), UseEmbeddedLifetime);

        await _cloud.StartAsync(cancellationToken);
        await _gateway.StartAsync(cancellationToken);

        await _output.WriteLineAsync($"""

            Edge demo is running: {_options.Machines} simulated machines ({_options.Window.TotalSeconds:0} s windows) and a store
            of {Store.Plan.Zones.Count} zones (shoppers at {_options.StoreSpeed}x speed; open for {StoreGatewaySettings.OpenFor.TotalMinutes:0}
            minutes; footfall released every {StoreGatewaySettings.Window.TotalMinutes:0} minutes under a demo budget of epsilon {StoreGatewaySettings.DemoEpsilonPerDay}/day).
              Dashboard and cloud API : {_options.CloudUrl}/            (GET /api/machines, /api/gateways)
              Gateway status          : {_options.GatewayUrl}/api/status
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
