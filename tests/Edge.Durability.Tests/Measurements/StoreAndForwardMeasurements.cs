using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Edge.Contracts;
using Edge.Durability.Tests.Kit;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.StoreForward.Outbox;
using Edge.StoreForward.Uplink;
using Edge.TestKit;
using MQTTnet;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Edge.Durability.Tests.Measurements;

/// <summary>
/// Figures for the store-and-forward note, printed, never asserted:
/// <c>EDGE_MEASURE=1 dotnet test tests/Edge.Durability.Tests --filter Category=Measurement --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class StoreAndForwardMeasurements(ITestOutputHelper output)
{
    [MeasurementFact("EDGE_MEASURE")]
    public void Outbox_DurableAppends_RecordsPerSecond()
    {
        var directory = Paths.NewTempDirectory("measure-append");
        foreach (var batchSize in new[] { 1, 10, 100 })
        {
            using var outbox = new SqliteOutbox(Path.Combine(directory, $"outbox-{batchSize}.db"), new OutboxOptions(), TimeProvider.System, NullLogger.Instance);
            var batch = Batch(batchSize, DateTimeOffset.UtcNow);
            var stopwatch = Stopwatch.StartNew();
            long records = 0;
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(5))
            {
                outbox.Store.Append(batch);
                records += batchSize;
            }

            output.WriteLine($"WAL + synchronous=FULL, {batchSize} records per transaction: {records / stopwatch.Elapsed.TotalSeconds:F0} records/s durable ({records} in {stopwatch.Elapsed.TotalSeconds:F1} s, {Environment.ProcessorCount} cores, {directory})");
        }
    }

    [MeasurementFact("EDGE_MEASURE")]
    public async Task Uplink_DrainToTheCloudBroker_RecordsPerSecond()
    {
        var root = Paths.NewTempDirectory("measure-drain");
        await using var cloud = new CloudUnderTest(Path.Combine(root, "cloud"));
        await cloud.StartAsync();
        using var outbox = new SqliteOutbox(Path.Combine(root, "outbox.db"), new OutboxOptions(), TimeProvider.System, NullLogger.Instance);
        const int Records = 20_000;
        for (var i = 0; i < Records / 100; i++)
        {
            outbox.Store.Append(Batch(100, DateTimeOffset.UtcNow.AddMinutes(i)));
        }

        using var uplink = new UplinkService(outbox.Leases, Options.Create(new UplinkOptions { Port = cloud.BrokerPort }), Options.Create(new GatewayOptions { Id = "measure-gw" }), TimeProvider.System, NullLogger<UplinkService>.Instance);
        var stopwatch = Stopwatch.StartNew();
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => outbox.Monitor.Backlog == 0, TimeSpan.FromMinutes(5), "the drain");
        var elapsed = stopwatch.Elapsed;
        await uplink.StopAsync(CancellationToken.None);
        output.WriteLine($"Drain of {Records} machine summaries to the cloud's broker (QoS 1, Uplink:BatchSize {new UplinkOptions().BatchSize} per round, two rounds in flight, cloud commits before PUBACK): {Records / elapsed.TotalSeconds:F0} records/s ({elapsed.TotalSeconds:F1} s); cloud stored {cloud.StoredSequences("measure-gw").Count}");
    }

    [MeasurementFact("EDGE_MEASURE")]
    public async Task Gateway_DemoLoad_BytesWrittenPerHour()
    {
        // The demo's load: 10 machines, 10 s windows, each machine sending a reading a second; uplink connected.
        var seconds = int.Parse(Environment.GetEnvironmentVariable("EDGE_MEASURE_SECONDS") ?? "120", CultureInfo.InvariantCulture);
        var root = Paths.NewTempDirectory("measure-bytes");
        await using var cloud = new CloudUnderTest(Path.Combine(root, "cloud"));
        await cloud.StartAsync();
        var brokerPort = FreePort.Next();
        var webPort = FreePort.Next();
        var arguments = new List<string>
        {
            "run", "--Broker:RequireAuthentication=false", "--Gateway:Id=measure-gw", $"--Gateway:DataDirectory={Path.Combine(root, "gateway")}",
            $"--Gateway:LocalWebUrl=http://127.0.0.1:{webPort}", $"--Broker:Port={brokerPort}", $"--Uplink:Port={cloud.BrokerPort}",
            "--Telemetry:Window=00:00:10", "--Logging:LogLevel:Default=Warning",
        };
        for (var i = 0; i < 10; i++)
        {
            arguments.Add($"--Telemetry:Machines:{i}=m{i}");
        }

        using var gateway = new ChildProcess(Paths.GatewayDll, arguments);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
        await Eventually.WaitAsync(async () => await UpAsync(http), TimeSpan.FromSeconds(60), "gateway start");
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).Build());

        var before = WriteBytes(gateway.Id);
        var stopwatch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long sequence = 0;
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(seconds) && await timer.WaitForNextTickAsync())
        {
            sequence++;
            for (var machine = 0; machine < 10; machine++)
            {
                var payload = $$$"""{"timestamp":"{{{DateTimeOffset.UtcNow:O}}}","sequence":{{{sequence}}},"readings":{"temperature":71.3,"vibration":2.1}}""";
                await client.PublishStringAsync($"devices/m{machine}/telemetry", payload, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
            }
        }

        var written = WriteBytes(gateway.Id) - before;
        var hours = stopwatch.Elapsed.TotalHours;
        var outbox = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/outbox");
        output.WriteLine($"Demo load for {stopwatch.Elapsed.TotalSeconds:F0} s: gateway wrote {written} bytes (/proc/{gateway.Id}/io write_bytes) = {written / hours / 1024 / 1024:F1} MiB/hour; " +
            $"{cloud.StoredSequences("measure-gw").Count} records reached the cloud; outbox backlog now {outbox.GetProperty("records").GetInt64()}");
    }

    private static long WriteBytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/io"))
        {
            if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan("write_bytes:".Length).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no write_bytes in /proc/<pid>/io");
    }

    private static async Task<bool> UpAsync(HttpClient http)
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

    private static List<UplinkMessage> Batch(int size, DateTimeOffset start)
    {
        var batch = new List<UplinkMessage>(size);
        for (var i = 0; i < size; i++)
        {
            batch.Add(Messages.Summary("m" + (i % 10), start.AddSeconds(10 * (i / 10)), 70 + i % 7, 10, TimeSpan.FromSeconds(10)));
        }

        return batch;
    }
}
