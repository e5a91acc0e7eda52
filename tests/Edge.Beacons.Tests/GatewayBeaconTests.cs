using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.Simulator.Store;
using Edge.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Edge.Beacons.Tests;

/// <summary>The whole gateway: scanner messages published to its embedded broker reach the beacon capability.</summary>
public sealed class GatewayBeaconTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edge-beacons-" + Guid.NewGuid().ToString("N"));
    private readonly int _brokerPort = FreePort.Next();
    private readonly int _webPort = FreePort.Next();
    private WebApplication? _gateway;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task StartAsync(StoreFloorPlan plan, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Id"] = "store-test",
            ["Gateway:DataDirectory"] = _directory,
            ["Gateway:LocalWebUrl"] = $"http://127.0.0.1:{_webPort}",
            ["Broker:Port"] = _brokerPort.ToString(),
            ["Uplink:Port"] = FreePort.Next().ToString(),
        };
        foreach (var scanner in plan.Scanners)
        {
            settings[$"Footfall:Scanners:{scanner.Id}"] = scanner.ZoneId;
        }

        // People are collected only for configured zones within opening hours: open (almost) all day for the test.
        var zones = plan.Scanners.Select(scanner => scanner.ZoneId).Distinct().ToList();
        for (var i = 0; i < zones.Count; i++)
        {
            settings[$"Privacy:Zones:{i}"] = zones[i];
        }

        settings["Privacy:OpeningTime"] = "00:00";
        settings["Privacy:ClosingTime"] = "23:59";

        for (var i = 0; i < plan.Beacons.Count; i++)
        {
            var beacon = plan.Beacons[i];
            settings[$"Footfall:StoreBeacons:{i}:Name"] = beacon.Name;
            if (beacon.IsEddystone)
            {
                settings[$"Footfall:StoreBeacons:{i}:Namespace"] = Convert.ToHexString(beacon.Namespace!);
                settings[$"Footfall:StoreBeacons:{i}:Instance"] = Convert.ToHexString(beacon.Instance!);
            }
            else
            {
                settings[$"Footfall:StoreBeacons:{i}:Uuid"] = beacon.Uuid!.Value.ToString();
                settings[$"Footfall:StoreBeacons:{i}:Major"] = beacon.Major.ToString();
                settings[$"Footfall:StoreBeacons:{i}:Minor"] = beacon.Minor.ToString();
            }
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        _gateway = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(settings));
        await _gateway.StartAsync();
    }

    private async Task<JsonElement> StatusAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_webPort}") };
        return await http.GetFromJsonAsync<JsonElement>("/api/beacons");
    }

    [Fact]
    public async Task EmbeddedBroker_SimulatedStoreOverMqtt_ScannersOnlineAndStoreBeaconsHealthy()
    {
        var simulation = new StoreSimulation(new StoreSimulatorOptions { Seed = 5, ShoppersPerHour = 120 });
        await StartAsync(simulation.Plan);
        var publisher = new StoreMqttPublisher(simulation, "127.0.0.1", _brokerPort);

        await publisher.RunAsync(speed: 120, limit: TimeSpan.FromMinutes(2), CancellationToken.None);

        var status = await Eventually.WaitAsync(
            StatusAsync,
            s => s.GetProperty("counters").GetProperty("messages").GetInt64() > 500 && s.GetProperty("counters").GetProperty("accepted").GetInt64() > 10 &&
                s.GetProperty("storeBeacons").EnumerateArray().All(b => !b.GetProperty("missing").GetBoolean()),
            TimeSpan.FromSeconds(20),
            "scanner messages reached the beacon capability");
        Assert.All(status.GetProperty("scanners").EnumerateArray(), s => Assert.True(s.GetProperty("online").GetBoolean()));
        var bakeryOven = status.GetProperty("storeBeacons").EnumerateArray().Single(b => b.GetProperty("name").GetString() == "bakery-oven");
        Assert.Equal(2900, bakeryOven.GetProperty("batteryMillivolts").GetInt32());
        Assert.Equal(0, status.GetProperty("counters").GetProperty("unknownScanner").GetInt64());
        Assert.Equal(0, status.GetProperty("counters").GetProperty("malformedMessages").GetInt64());
    }

    [NeedsFact("mosquitto_pub")]
    [Trait("Needs", "mosquitto")]
    public async Task MosquittoPub_OpenMqttGatewayAndEspresense_DriveZoneCounts()
    {
        var plan = new StoreFloorPlan();
        await StartAsync(plan, new Dictionary<string, string?>
        {
            ["Footfall:ConfirmAfter"] = "00:00:01",
            ["Footfall:SweepInterval"] = "00:00:00.100",
            ["Footfall:SightingThrottle"] = "00:00:00.000100",
        });

        await MosquittoPubAsync("espresense/rooms/produce/status", "online");
        await MosquittoPubAsync("home/omg-entrance/LWT", "online");
        var omgPhone = Messages.OpenMqttGateway("omg-entrance", "4A:10:20:30:40:50", -58, "\"manufacturerdata\":\"4c001005031c\"");
        var espPhone = Messages.Espresense("produce", "apple:1005:9-26", "4a1020304051", -61, 1.2);
        await MosquittoPubAsync(omgPhone.Topic, System.Text.Encoding.UTF8.GetString(omgPhone.Payload), repeat: 3);
        await MosquittoPubAsync(espPhone.Topic, System.Text.Encoding.UTF8.GetString(espPhone.Payload), repeat: 3);

        var status = await Eventually.WaitAsync(
            StatusAsync,
            s => Visitors(s, "entrance") >= 1 && Visitors(s, "produce") >= 1,
            TimeSpan.FromSeconds(20),
            "both phones became visitors in their zones");
        Assert.Equal(1, Visitors(status, "entrance"));
        Assert.Equal(1, Visitors(status, "produce"));
        Assert.Equal(0, Visitors(status, "bakery"));
        var scanners = status.GetProperty("scanners").EnumerateArray().ToDictionary(s => s.GetProperty("scannerId").GetString()!);
        Assert.True(scanners["produce"].GetProperty("online").GetBoolean());

        await MosquittoPubAsync("espresense/rooms/produce/status", "offline");
        await Eventually.WaitAsync(
            StatusAsync,
            s => s.GetProperty("scanners").EnumerateArray().Any(x => x.GetProperty("scannerId").GetString() == "produce" && !x.GetProperty("online").GetBoolean()),
            TimeSpan.FromSeconds(10),
            "the produce scanner is reported offline");
    }

    private static long Visitors(JsonElement status, string zone) =>
        status.GetProperty("zones").EnumerateArray().Single(z => z.GetProperty("zoneId").GetString() == zone).GetProperty("visitorsEstimate").GetInt64();

    private async Task MosquittoPubAsync(string topic, string payload, int repeat = 1)
    {
        var start = new ProcessStartInfo(Installed.Require("mosquitto_pub"))
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // An explicit client id: mosquitto_pub 2.0 otherwise sends an empty one, which the embedded broker refuses.
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", _brokerPort.ToString(), "-i", $"beacons-test-{Guid.NewGuid():N}", "-q", "1", "-t", topic, "-l" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        for (var i = 0; i < repeat; i++)
        {
            await process.StandardInput.WriteLineAsync(payload);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
    }
}
