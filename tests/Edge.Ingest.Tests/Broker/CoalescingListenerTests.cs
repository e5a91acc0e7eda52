using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Ingest.Broker;
using Edge.Ingest.Telemetry;
using Edge.Ingest.Tests.Fleet;
using Edge.TestKit;

namespace Edge.Ingest.Tests.Broker;

/// <summary>
/// The broker's own TCP listener, driven by a raw MQTT 3.1.1 client so the bytes on the wire are exactly the test's:
/// pipelined publishes, a packet larger than the read buffer, and the bound address.
/// </summary>
public sealed class CoalescingListenerTests
{
    private static readonly Dictionary<string, string?> NoRateLimit = new()
    {
        ["Fleet:MessagesPerSecond"] = "1000000",
        ["Fleet:Burst"] = "1000000",
    };

    [Fact]
    public async Task PipelinedPublishes_OneWrite_AllAcknowledgedInOrderWithFewSystemCalls()
    {
        const int Count = 200;
        await using var gateway = await FleetTestGateway.StartAsync(NoRateLimit);
        using var socket = await ConnectAsync(gateway.BrokerPort, "press-01");

        var burst = new List<byte>();
        for (var id = 1; id <= Count; id++)
        {
            burst.AddRange(RawMqtt.Publish("devices/press-01/telemetry", (ushort)id, Payloads.Single(id, 20 + (id % 7))));
        }

        await socket.SendAsync(burst.ToArray());
        var acknowledged = await RawMqtt.ReadPubAcksAsync(socket, Count);

        Assert.Equal(Enumerable.Range(1, Count).Select(id => (ushort)id), acknowledged);
        Assert.Equal(2 * Count, gateway.Get<TelemetryMetrics>().Readings);
        var sockets = gateway.Get<EmbeddedBroker>().Sockets;
        // A channel that sent each PUBACK on its own would make exactly 200 sends (and MQTTnet's own reads, three per
        // packet, 600 receives). The listener reads ahead (8 KiB per receive, so about 4 for this burst) and defers
        // acknowledgements while packets are buffered; how many sends that saves depends on the scheduler (a handful on
        // a quiet machine), so only "fewer than one each" is asserted. The load harness reports the figure.
        Assert.InRange(sockets.Sends, 1, Count - 1);
        Assert.InRange(sockets.Receives, 1, Count / 4);
    }

    [Fact]
    public async Task Publish_LargerThanReadBuffer_ReadAcrossReceivesIntact()
    {
        await using var gateway = await FleetTestGateway.StartAsync(NoRateLimit);
        using var socket = await ConnectAsync(gateway.BrokerPort, "press-01");
        var samples = Enumerable.Range(1, 400).Select(sequence => string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"timestamp":"2026-11-29T14:00:00Z","sequence":{{{sequence}}},"readings":{"temperature":{{{20 + (sequence % 5)}}},"vibration":2.1}}"""));
        var batch = "{\"machineId\":\"press-01\",\"samples\":[" + string.Join(',', samples) + "]}";
        Assert.True(Encoding.UTF8.GetByteCount(batch) > 3 * CoalescingTcpServerAdapter.ReadBufferSize);

        await socket.SendAsync(RawMqtt.Publish("devices/press-01/telemetry", 7, batch));
        var acknowledged = await RawMqtt.ReadPubAcksAsync(socket, 1);

        Assert.Equal([(ushort)7], acknowledged);
        Assert.Equal(800, gateway.Get<TelemetryMetrics>().Readings);
    }

    [Fact]
    public async Task IdleConnections_AfterTheirPublishes_HoldNoReadBuffer()
    {
        await using var gateway = await FleetTestGateway.StartAsync(NoRateLimit);
        var sockets = gateway.Get<EmbeddedBroker>().Sockets;
        var clients = new List<Socket>();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                var machine = $"press-0{i}";
                var socket = await ConnectAsync(gateway.BrokerPort, machine);
                clients.Add(socket);
                var burst = Enumerable.Range(1, 20).SelectMany(id => RawMqtt.Publish($"devices/{machine}/telemetry", (ushort)id, Payloads.Single(id, 20, machine))).ToArray();
                await socket.SendAsync(burst);
                Assert.Equal(20, (await RawMqtt.ReadPubAcksAsync(socket, 20)).Count);
            }

            // Every connection is open and waiting for its next packet: none holds a read-ahead buffer while it waits.
            await Eventually.WaitAsync(() => sockets.ReadBuffersHeld == 0, TimeSpan.FromSeconds(10), "no waiting connection holds a read buffer");
            Assert.True(sockets.Connections >= 3);
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public async Task Listener_BoundToIpv4Loopback_RefusesIpv6()
    {
        await using var gateway = await FleetTestGateway.StartAsync();
        using var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);

        // MQTTnet's default endpoint also listens on [::] whatever the IPv4 address; the gateway's listener binds only
        // Broker:BindAddress, so a device on the plant network cannot reach a broker configured for this host only.
        var refused = await Assert.ThrowsAsync<SocketException>(() => v6.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, gateway.BrokerPort)));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static async Task<Socket> ConnectAsync(int port, string clientId)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await socket.SendAsync(RawMqtt.Connect(clientId));
        var connack = await RawMqtt.ReadPacketAsync(socket);
        Assert.Equal(0x20, connack.Header & 0xF0);
        Assert.Equal(0, connack.Body[1]);
        return socket;
    }
}
