using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Contracts;
using MQTTnet.Server;

namespace Edge.Gateway.Tests.Uplink;

/// <summary>An in-process MQTT broker on a free loopback port that records every uplink envelope it receives.</summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private readonly ConcurrentQueue<UplinkEnvelope> _received = new();

    private TestBroker(MqttServer server, int port)
    {
        Server = server;
        Port = port;
        server.InterceptingPublishAsync += args =>
        {
            var envelope = JsonSerializer.Deserialize(args.ApplicationMessage.Payload.ToArray(), ContractsJsonContext.Default.UplinkEnvelope)!;
            _received.Enqueue(envelope);
            args.ProcessPublish = false;
            return Task.CompletedTask;
        };
    }

    public MqttServer Server { get; }

    public int Port { get; }

    public IReadOnlyList<UplinkEnvelope> Received => [.. _received];

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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        Server.Dispose();
    }
}
