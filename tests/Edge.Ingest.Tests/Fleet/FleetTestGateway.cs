using System.Net;
using System.Net.Sockets;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using MQTTnet;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Edge.Ingest.Tests.Fleet;

/// <summary>A whole gateway in process on free loopback ports with a temporary data folder.</summary>
internal sealed class FleetTestGateway : IAsyncDisposable
{
    private FleetTestGateway(WebApplication app, string dataDirectory, int brokerPort, int webPort)
    {
        App = app;
        DataDirectory = dataDirectory;
        BrokerPort = brokerPort;
        WebPort = webPort;
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public int BrokerPort { get; }

    public int WebPort { get; }

    public string RegistryPath => Path.Combine(DataDirectory, "devices.json");

    public T Get<T>()
        where T : notnull => (T)App.Services.GetService(typeof(T))!;

    public static async Task<FleetTestGateway> StartAsync(IDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "edge-fleet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var brokerPort = FreePort();
        var webPort = FreePort();
        var values = new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = dataDirectory,
            ["Gateway:LocalWebUrl"] = $"http://127.0.0.1:{webPort}",
            ["Broker:Port"] = brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Uplink:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Telemetry:Machines:0"] = "press-01",
            ["Telemetry:Machines:1"] = "press-02",
            ["Telemetry:Machines:2"] = "line-a",
            ["Fleet:RegistryPollInterval"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(values));
        await app.StartAsync();
        return new FleetTestGateway(app, dataDirectory, brokerPort, webPort);
    }

    public static int FreePort() => Edge.TestKit.FreePort.Next();

    public MqttClientOptionsBuilder ClientOptions(string clientId, string? user = null, string? secret = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", BrokerPort)
            .WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10));
        return user is null ? builder : builder.WithCredentials(user, secret);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by the OS; the temp folder is cleaned eventually.
        }
    }
}
