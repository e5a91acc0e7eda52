using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Contracts;
using MQTTnet.Server;

namespace Edge.StoreForward.Tests.Uplink;

/// <summary>An in-process MQTT broker on a free loopback port that records every uplink envelope it receives,
/// whether it came alone or in an <see cref="UplinkBatch"/>.</summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private readonly ConcurrentQueue<UplinkEnvelope> _received = new();
    private readonly ConcurrentQueue<(string Topic, int Records)> _publishes = new();

    private TestBroker(MqttServer server, int port)
    {
        Server = server;
        Port = port;
        server.InterceptingPublishAsync += args =>
        {
            var payload = args.ApplicationMessage.Payload.ToArray();
            if (UplinkTopics.IsBatch(args.ApplicationMessage.Topic))
            {
                var batch = JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.UplinkBatch)!;
                foreach (var record in batch.Records)
                {
                    _received.Enqueue(record);
                }

                _publishes.Enqueue((args.ApplicationMessage.Topic, batch.Records.Count));
            }
            else
            {
                _received.Enqueue(JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.UplinkEnvelope)!);
                _publishes.Enqueue((args.ApplicationMessage.Topic, 1));
            }

            args.ProcessPublish = false;
            return Task.CompletedTask;
        };
    }

    public MqttServer Server { get; }

    public int Port { get; }

    public IReadOnlyList<UplinkEnvelope> Received => [.. _received];

    /// <summary>Every publish in arrival order: its topic and how many records it carried.</summary>
    public IReadOnlyList<(string Topic, int Records)> Publishes => [.. _publishes];

    public static async Task<TestBroker> StartAsync()
    {
        var port = FreePort();
        var options = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        var broker = new TestBroker(server, port);
        await server.StartAsync();
        return broker;
    }

    public static int FreePort() => Edge.TestKit.FreePort.Next();

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        Server.Dispose();
    }
}
