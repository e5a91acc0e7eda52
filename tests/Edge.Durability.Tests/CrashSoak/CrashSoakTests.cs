using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Durability.Tests.Kit;
using Edge.Kernel;
using Edge.TestKit;
using MQTTnet;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Edge.Durability.Tests.CrashSoak;

/// <summary>
/// The gateway as a child process under steady telemetry load, killed with SIGKILL at random moments (inside commits
/// too) and restarted. Afterwards the cloud's unique (gateway, sequence) set must equal the set the gateway committed,
/// and the outbox must pass <c>PRAGMA integrity_check</c> after every kill.
/// Cycles: <c>EDGE_SOAK_CYCLES</c> (default 30; the documented long run uses 200).
/// </summary>
public sealed class CrashSoakTests(ITestOutputHelper output)
{
    private const string GatewayId = "soak-gw";
    private const int Machines = 40;

    [Fact]
    [Trait("Category", "Durability")]
    public async Task KillNine_RandomMomentsUnderLoad_CloudHoldsExactlyTheCommittedSet()
    {
        var cycles = int.Parse(Environment.GetEnvironmentVariable("EDGE_SOAK_CYCLES") ?? "30", CultureInfo.InvariantCulture);
        var root = Paths.NewTempDirectory("soak");
        var gatewayData = Path.Combine(root, "gateway");
        await using var cloud = new CloudUnderTest(Path.Combine(root, "cloud"));
        await cloud.StartAsync();
        var brokerPort = FreePort.Next();
        var webPort = FreePort.Next();
        using var load = new CancellationTokenSource();
        var publisher = PublishTelemetryAsync(brokerPort, load.Token);
        var random = new Random(int.Parse(Environment.GetEnvironmentVariable("EDGE_SOAK_SEED") ?? "8", CultureInfo.InvariantCulture));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
        long lastCommitted = 0;

        for (var cycle = 0; cycle < cycles; cycle++)
        {
            using (var gateway = StartGateway(gatewayData, brokerPort, webPort, cloud.BrokerPort))
            {
                await Eventually.WaitAsync(async () => await IsUpAsync(http) || gateway.HasExited, TimeSpan.FromSeconds(60), "gateway start");
                Assert.False(gateway.HasExited, gateway.Tail);
                // Kill somewhere between just after start and a few window closes (each one is a batched commit).
                var until = DateTime.UtcNow + TimeSpan.FromMilliseconds(random.Next(50, 2500));
                await Eventually.WaitAsync(() => DateTime.UtcNow >= until || gateway.HasExited, TimeSpan.FromSeconds(10), "kill moment");
                gateway.Kill();
            }

            var committed = CheckOutbox(gatewayData);
            Assert.True(committed >= lastCommitted, $"cycle {cycle}: last sequence went back from {lastCommitted} to {committed}");
            lastCommitted = committed;
        }

        await load.CancelAsync();
        await publisher;

        // One last, undisturbed run drains everything committed so far.
        using (var gateway = StartGateway(gatewayData, brokerPort, webPort, cloud.BrokerPort))
        {
            await Eventually.WaitAsync(async () => await OutboxRecordsAsync(http) == 0, TimeSpan.FromSeconds(120), "the outbox to drain");
            gateway.Kill();
        }

        var last = CheckOutbox(gatewayData);
        var stored = cloud.StoredSequences(GatewayId);
        output.WriteLine($"{cycles} kill -9 cycles, {last} records committed, {stored.Count} stored, {cloud.Metrics.Duplicates} duplicates ignored");
        Assert.True(last >= cycles, $"the load should commit records in most cycles; only {last}");
        Assert.Equal(Enumerable.Range(1, checked((int)last)).Select(i => (long)i), stored);
    }

    private static ChildProcess StartGateway(string dataDirectory, int brokerPort, int webPort, int cloudPort)
    {
        var arguments = new List<string>
        {
            "run",
            $"--Gateway:Id={GatewayId}",
            $"--Gateway:DataDirectory={dataDirectory}",
            $"--Gateway:LocalWebUrl=http://127.0.0.1:{webPort}",
            $"--Broker:Port={brokerPort}",
            $"--Uplink:Port={cloudPort}",
            "--Uplink:ReconnectBase=00:00:00.2",
            "--Uplink:ReconnectCap=00:00:01",
            "--Telemetry:Window=00:00:01",
            "--Broker:RequireAuthentication=false",
            "--Logging:LogLevel:Default=Warning",
        };
        for (var i = 0; i < Machines; i++)
        {
            arguments.Add($"--Telemetry:Machines:{i}=m{i}");
        }

        return new ChildProcess(Paths.GatewayDll, arguments);
    }

    private static async Task<bool> IsUpAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/healthz")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<long> OutboxRecordsAsync(HttpClient http)
    {
        try
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync("/api/outbox"));
            return document.RootElement.GetProperty("records").GetInt64();
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    /// <summary>Integrity check after the kill (this also replays the WAL, as the next start would); returns the last committed sequence.</summary>
    private static long CheckOutbox(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "outbox.db");
        if (!File.Exists(path))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", check.ExecuteScalar() as string);
        check.CommandText = "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0);";
        return (long)check.ExecuteScalar()!;
    }

    /// <summary>Steady telemetry to the gateway's broker, reconnecting whenever the gateway comes back.</summary>
    private static async Task PublishTelemetryAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithCleanSession(true).WithTimeout(TimeSpan.FromSeconds(2)).Build();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        long sequence = 0;
        while (await timer.WaitForNextTickAsync(cancellationToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
        {
            try
            {
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(options, cancellationToken);
                }

                for (var machine = 0; machine < Machines; machine++)
                {
                    sequence++;
                    var temperature = 70 + (sequence % 7);
                    var payload = $$$"""{"timestamp":"{{{DateTimeOffset.UtcNow:O}}}","sequence":{{{sequence}}},"readings":{"temperature":{{{temperature}}},"vibration":2.1}}""";
                    await client.PublishStringAsync($"devices/m{machine}/telemetry", payload, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtMostOnce, cancellationToken: cancellationToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The gateway is being killed and restarted: that is the point of the test.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
