using Edge.Cloud.Access;
using Edge.Cloud.Hosting;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.EndToEnd.Tests;

/// <summary>A cloud and a gateway in this process, on free loopback ports, with their data in a temp folder.</summary>
internal sealed class EdgeStack : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-e2e-").FullName;

    public int CloudBrokerPort { get; } = FreePort.Next();

    public int CloudWebPort { get; } = FreePort.Next();

    public int GatewayBrokerPort { get; } = FreePort.Next();

    public int GatewayWebPort { get; } = FreePort.Next();

    /// <summary>Settings added to (or overriding) the gateway's, for tests of one capability.</summary>
    public Dictionary<string, string?> ExtraGatewaySettings { get; } = [];

    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? GatewayServices { get; set; }

    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? CloudServices { get; set; }

    public string GatewayDataDirectory => Path.Combine(_directory, "gateway");

    public WebApplication? Cloud { get; private set; }

    public WebApplication? Gateway { get; private set; }

    public HttpClient CloudHttp => new() { BaseAddress = new Uri($"http://127.0.0.1:{CloudWebPort}") };

    public HttpClient GatewayHttp => new() { BaseAddress = new Uri($"http://127.0.0.1:{GatewayWebPort}") };

    public async Task StartCloudAsync()
    {
        Cloud = CloudHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cloud:DataDirectory"] = Path.Combine(_directory, "cloud"),
            ["Cloud:WebUrl"] = $"http://127.0.0.1:{CloudWebPort}",
            ["Cloud:BrokerPort"] = CloudBrokerPort.ToString(),
            // Some tests publish to the cloud broker with a bare MQTT client as any gateway; the stack's own gateway
            // still logs in with its account's token (StartGatewayAsync), and presented credentials are always checked.
            ["Cloud:RequireGatewayLogin"] = "false",
        }), CloudServices);
        await Cloud.StartAsync();
    }

    public async Task StartGatewayAsync(TimeSpan window, params string[] machines)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Id"] = "plant-test",
            ["Gateway:DataDirectory"] = GatewayDataDirectory,
            ["Gateway:LocalWebUrl"] = $"http://127.0.0.1:{GatewayWebPort}",
            ["Broker:Port"] = GatewayBrokerPort.ToString(),
            ["Telemetry:Window"] = window.ToString(),
            ["Uplink:Port"] = CloudBrokerPort.ToString(),
            ["Uplink:ReconnectBase"] = "00:00:00.200",
            ["Uplink:ReconnectCap"] = "00:00:01",
        };
        for (var i = 0; i < machines.Length; i++)
        {
            settings[$"Telemetry:Machines:{i}"] = machines[i];
        }

        foreach (var (key, value) in ExtraGatewaySettings)
        {
            settings[key] = value;
        }

        // One secret per gateway, as in production: the account's token is the uplink's password (user name = gateway id).
        if (Cloud is not null && !settings.ContainsKey("Uplink:Password"))
        {
            var accounts = Cloud.Services.GetRequiredService<GatewayAccounts>();
            settings["Uplink:Password"] = (await accounts.AddAsync(settings["Gateway:Id"]!, "e2e", DateTimeOffset.UtcNow, CancellationToken.None)).Token;
        }

        Gateway = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(settings), GatewayServices);
        await Gateway.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { Gateway, Cloud })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
