using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Gateway.Hosting;
using Edge.Ingest.Fleet;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Tools.Fleet;

/// <summary>
/// <c>bench ingest</c>: starts a gateway in process on free ports and measures how fast it ingests fleet telemetry over
/// MQTT (QoS 1, PUBACK awaited), single samples and batches, with MQTTnet publishers in the same process. Prints figures.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var messages = new Option<int>("--messages") { Description = "Messages per run.", DefaultValueFactory = _ => 40_000 };
        var clients = new Option<int>("--clients") { Description = "Publishing clients.", DefaultValueFactory = _ => 4 };
        var inFlight = new Option<int>("--in-flight") { Description = "Unacknowledged publishes per client.", DefaultValueFactory = _ => 32 };
        var batch = new Option<int>("--batch") { Description = "Samples per batched message.", DefaultValueFactory = _ => 50 };
        var ingest = new Command("ingest", "Measure MQTT telemetry ingest (messages/s and readings/s, QoS 1).") { messages, clients, inFlight, batch };
        ingest.SetAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetValue(messages);
            var clientCount = parseResult.GetValue(clients);
            var window = parseResult.GetValue(inFlight);
            var batchSize = parseResult.GetValue(batch);
            await RunAsync("single ", count, clientCount, window, 1, cancellationToken);
            await RunAsync($"batch {batchSize}", Math.Max(1, count / batchSize), clientCount, window, batchSize, cancellationToken);
            return 0;
        });
        return new Command("bench", "Measurements.") { ingest };
    }

    private static async Task RunAsync(string label, int messages, int clients, int inFlight, int samples, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "edge-bench-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = folder,
            ["Gateway:LocalWebUrl"] = $"http://127.0.0.1:{FreePort()}",
            ["Broker:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Uplink:Port"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Fleet:MessagesPerSecond"] = "1000000",
            ["Fleet:Burst"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < clients; i++)
        {
            settings[$"Telemetry:Machines:{i}"] = $"bench-{i}";
        }

        var app = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(settings));
        await app.StartAsync(cancellationToken);
        try
        {
            var metrics = app.Services.GetRequiredService<TelemetryMetrics>();
            var publishers = new List<IMqttClient>();
            for (var i = 0; i < clients; i++)
            {
                var client = new MqttClientFactory().CreateMqttClient();
                await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"bench-{i}")
                    .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build(), cancellationToken);
                publishers.Add(client);
            }

            var perClient = messages / clients;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(publishers.Select((client, index) => PublishAsync(client, index, perClient, inFlight, samples, cancellationToken)));
            clock.Stop();
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var seconds = clock.Elapsed.TotalSeconds;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-10} messages {metrics.Messages,8}  readings {metrics.Readings,9}  {seconds,6:F2} s  {metrics.Messages / seconds,9:F0} msg/s  {metrics.Readings / seconds,10:F0} readings/s  CPU {cpuUsed.TotalSeconds / seconds * 100,4:F0}% (publishers included)"));
            foreach (var client in publishers)
            {
                await client.DisconnectAsync(cancellationToken: cancellationToken);
                client.Dispose();
            }
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task PublishAsync(IMqttClient client, int index, int messages, int inFlight, int samples, CancellationToken cancellationToken)
    {
        var topic = $"devices/bench-{index}/telemetry";
        using var slots = new SemaphoreSlim(inFlight);
        var pending = new List<Task>(messages);
        for (var sequence = 0; sequence < messages; sequence++)
        {
            await slots.WaitAsync(cancellationToken);
            var payload = Payload(sequence, samples);
            pending.Add(PublishOneAsync(client, topic, payload, slots, cancellationToken));
        }

        await Task.WhenAll(pending);
    }

    private static async Task PublishOneAsync(IMqttClient client, string topic, byte[] payload, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var ack = await client.PublishBinaryAsync(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: cancellationToken);
            if (!ack.IsSuccess)
            {
                throw new InvalidOperationException($"publish refused: {ack.ReasonCode}");
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private static byte[] Payload(int sequence, int samples)
    {
        var text = new StringBuilder();
        if (samples == 1)
        {
            text.Append(CultureInfo.InvariantCulture, $$$"""{"sequence":{{{sequence}}},"readings":{"temperature":{{{70 + (sequence % 10)}}}.5,"vibration":2.1}}""");
        }
        else
        {
            text.Append("""{"samples":[""");
            for (var i = 0; i < samples; i++)
            {
                text.Append(i == 0 ? string.Empty : ",")
                    .Append(CultureInfo.InvariantCulture, $$$"""{"sequence":{{{((long)sequence * samples) + i}}},"readings":{"temperature":{{{70 + (i % 10)}}}.5,"vibration":2.1}}""");
            }

            text.Append("]}");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
