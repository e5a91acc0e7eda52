using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Ingest.Broker;
using Edge.Ingest.Fleet;
using Edge.Ingest.Telemetry;
using Edge.TestKit;

namespace Edge.Ingest.Tests.Fleet;

/// <summary>Devices written by others: mosquitto_pub, MQTT.js, and the gateway subscribing to a real Mosquitto.</summary>
[Trait("Needs", "mosquitto")]
public sealed class RealClientTests
{
    private static readonly Dictionary<string, string?> s_authenticated = new()
    {
        ["Broker:RequireAuthentication"] = "true",
        ["Telemetry:Window"] = "00:00:01",
    };

    [NeedsFact("mosquitto_pub")]
    public async Task MosquittoPub_CredentialsFromDevicesAdd_ReadingsInStatusApi()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_authenticated);
        var secret = await AddDeviceWithCommandLineAsync(gateway.DataDirectory, "press-01");

        var published = await MosquittoPubAsync(gateway.BrokerPort, "press-01", secret, "devices/press-01/telemetry", Payloads.Single(1, 64.5));
        var wrongSecret = await MosquittoPubAsync(gateway.BrokerPort, "press-01", "wrong", "devices/press-01/telemetry", Payloads.Single(2, 64.5));
        var otherTopic = await MosquittoPubAsync(gateway.BrokerPort, "press-01", secret, "devices/press-02/telemetry", Payloads.Single(3, 64.5, "press-02"));

        Assert.True(published.ExitCode == 0, published.Output);
        Assert.NotEqual(0, wrongSecret.ExitCode);
        Assert.Contains("Bad User Name or Password", wrongSecret.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not authorized", otherTopic.Output, StringComparison.OrdinalIgnoreCase);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.WebPort}") };
        var status = await Eventually.WaitAsync(
            () => http.GetFromJsonAsync<JsonElement>("/api/status"),
            current => current.GetProperty("machines").EnumerateArray().Any(machine => machine.GetProperty("machineId").GetString() == "press-01"),
            TimeSpan.FromSeconds(15),
            "press-01 is in the status API");

        var press = status.GetProperty("machines").EnumerateArray().Single(machine => machine.GetProperty("machineId").GetString() == "press-01");
        Assert.Equal(64.5, press.GetProperty("means").GetProperty("temperature").GetDouble());
        var rejections = gateway.Get<DeviceActivity>().Find("press-01")!.Rejections;
        Assert.Equal(2, rejections["Unauthorized"]);
    }

    [NeedsFact("node", "tests/clients/mqttjs/node_modules/mqtt")]
    [Trait("Needs", "mqtt.js")]
    public async Task MqttJs_OwnAndOtherTopic_AcceptedAndNotAuthorized()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_authenticated);
        var secret = DeviceRegistryFile.Add(gateway.RegistryPath, "press-02", DateTimeOffset.UtcNow);
        var url = $"mqtt://127.0.0.1:{gateway.BrokerPort}";

        var own = await ExternalTools.RunAsync("node", ["publish.js", url, "press-02", "press-02", secret, "devices/press-02/telemetry", Payloads.Single(1, 50, "press-02")], ExternalTools.MqttJsFolder);
        var other = await ExternalTools.RunAsync("node", ["publish.js", url, "press-02-b", "press-02", secret, "devices/press-01/telemetry", Payloads.Single(1, 50)], ExternalTools.MqttJsFolder);

        Assert.Contains("puback 0", own.Output, StringComparison.Ordinal);
        Assert.Contains("puback 135", other.Output, StringComparison.Ordinal);
        Assert.Equal(2, gateway.Get<TelemetryMetrics>().Readings);
    }

    [NeedsFact("mosquitto", "mosquitto_pub")]
    public async Task ExternalMode_MosquittoBroker_GatewaySubscribesAndIngests()
    {
        await using var mosquitto = await MosquittoProcess.StartAsync();
        await using var gateway = await FleetTestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Broker:Mode"] = "External",
            ["Broker:ExternalPort"] = mosquitto.Port.ToString(CultureInfo.InvariantCulture),
        });
        var external = gateway.Get<ExternalBrokerClient>();
        await Eventually.WaitAsync(() => external.IsConnected, TimeSpan.FromSeconds(15), "the gateway subscribed to Mosquitto");

        var json = await MosquittoPubAsync(mosquitto.Port, null, null, "devices/press-01/telemetry", Payloads.Single(1, 80));
        var garbage = await MosquittoPubAsync(mosquitto.Port, null, null, "devices/press-01/telemetry", "nonsense");

        Assert.Equal(0, json.ExitCode);
        Assert.Equal(0, garbage.ExitCode);
        var metrics = gateway.Get<TelemetryMetrics>();
        await Eventually.WaitAsync(() => metrics.Readings == 2 && metrics.Rejections.GetValueOrDefault(RejectionReason.Malformed) == 1, TimeSpan.FromSeconds(15), "the readings and the refusal are counted");
        Assert.False(gateway.Get<EmbeddedBroker>().Server.IsStarted);
    }

    private static async Task<string> AddDeviceWithCommandLineAsync(string dataDirectory, string deviceId)
    {
        var toolsDll = Path.Combine(AppContext.BaseDirectory, "Edge.Tools.dll");
        var (exitCode, output) = await ExternalTools.RunAsync("dotnet", [toolsDll, "devices", "--data-dir", dataDirectory, "add", deviceId]);
        Assert.True(exitCode == 0, output);
        var line = output.Split('\n').Single(text => text.StartsWith("Secret:", StringComparison.Ordinal));
        return line["Secret:".Length..].Trim();
    }

    private static Task<(int ExitCode, string Output)> MosquittoPubAsync(int port, string? user, string? secret, string topic, string payload)
    {
        var arguments = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1", "-t", topic, "-m", payload };
        if (user is not null)
        {
            arguments.AddRange(["-i", user, "-u", user, "-P", secret!]);
        }

        return ExternalTools.RunAsync("mosquitto_pub", arguments);
    }

    private sealed class MosquittoProcess : IAsyncDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly string _folder;

        private MosquittoProcess(System.Diagnostics.Process process, string folder, int port)
        {
            _process = process;
            _folder = folder;
            Port = port;
        }

        public int Port { get; }

        public static async Task<MosquittoProcess> StartAsync()
        {
            var folder = Path.Combine(Path.GetTempPath(), "edge-mosquitto-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var port = FleetTestGateway.FreePort();
            var config = Path.Combine(folder, "mosquitto.conf");
            // TOOLCHAIN.md: Nagle off, queues raised, and no privilege drop (the folder belongs to the test user).
            await File.WriteAllTextAsync(config, $"""
                listener {port} 127.0.0.1
                allow_anonymous true
                set_tcp_nodelay true
                max_queued_messages 100000
                max_inflight_messages 1000
                persistence false
                user {Environment.UserName}

                """);
            var start = new System.Diagnostics.ProcessStartInfo(ExternalTools.Find("mosquitto") ?? "mosquitto") { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(config);
            var process = System.Diagnostics.Process.Start(start)!;
            var broker = new MosquittoProcess(process, folder, port);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync("127.0.0.1", port);
                    return broker;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(50);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();

                // Bounded: a killed broker whose exit the runtime fails to observe must not hang the whole test run
                // (seen once in CI: WaitForExitAsync never returned although the process was gone).
                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(exited.Token);
                }
                catch (OperationCanceledException)
                {
                    // Killed with SIGKILL; there is nothing more to wait for.
                }
            }

            _process.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
