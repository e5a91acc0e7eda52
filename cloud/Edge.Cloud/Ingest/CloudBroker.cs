using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Edge.Cloud.Kernel;
using Edge.Contracts;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Ingest;

/// <summary>
/// The cloud's embedded MQTT broker. Gateway uplink messages are consumed in process and the gateway's PUBACK is held
/// until the record is committed to the store: an acknowledged record is a stored record. The PUBACK is held on the way
/// out (<see cref="HeldAcknowledgements"/>), not in the publish handler, so a gateway's whole in-flight window reaches
/// the ingest worker at once and is committed in one transaction (group commit), its PUBACKs released together. A
/// publish is a single envelope or an <see cref="UplinkBatch"/>; a batch's PUBACK waits for all of its records.
/// </summary>
internal sealed partial class CloudBroker : IHostedService, IAsyncDisposable
{
    private readonly ChannelWriter<PendingPublish> _pending;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<CloudBroker> _logger;

    public CloudBroker(IOptions<CloudOptions> options, Channel<PendingPublish> pending, IngestMetrics metrics, ILogger<CloudBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pending);
        _pending = pending.Writer;
        _metrics = metrics;
        _logger = logger;
        Port = options.Value.BrokerPort;
        var bind = IPAddress.Parse(options.Value.BrokerBindAddress);
        var serverOptions = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            // Exactly the configured address: MQTTnet would otherwise also listen on [::] whatever the IPv4 address.
            .WithDefaultEndpointBoundIPAddress(bind.AddressFamily == AddressFamily.InterNetwork ? bind : IPAddress.None)
            .WithDefaultEndpointBoundIPV6Address(bind.AddressFamily == AddressFamily.InterNetworkV6 ? bind : IPAddress.None)
            .WithDefaultEndpointPort(Port)
            .Build();
        Server = new MqttServerFactory().CreateMqttServer(serverOptions);
        Server.ClientConnectedAsync += static args =>
        {
            // A new connection starts with nothing held, also when it resumes a persistent session.
            HeldAcknowledgements.Reset(args.SessionItems);
            return Task.CompletedTask;
        };
        Server.InterceptingInboundPacketAsync += OnInboundPacketAsync;
        Server.InterceptingPublishAsync += OnPublishAsync;
        Server.InterceptingOutboundPacketAsync += OnOutboundPacketAsync;
    }

    public MqttServer Server { get; }

    public int Port { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Server.StartAsync();
        LogStarted(Port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Server.StopAsync();

    /// <summary>Runs just before the publish handler of the same packet, on the connection's receive loop.</summary>
    private static Task OnInboundPacketAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is MqttPublishPacket { QualityOfServiceLevel: MqttQualityOfServiceLevel.AtLeastOnce } publish)
        {
            HeldAcknowledgements.For(args.SessionItems).Expect(publish.PacketIdentifier);
        }

        return Task.CompletedTask;
    }

    private async Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        if (!args.ApplicationMessage.Topic.StartsWith("edge/", StringComparison.Ordinal))
        {
            return;
        }

        args.ProcessPublish = false;
        var held = HeldAcknowledgements.For(args.SessionItems);
        if (held.Failed)
        {
            // A commit failed on this connection: close it, the gateway resends everything unacknowledged.
            args.CloseConnection = true;
            return;
        }

        var envelopes = UplinkPublish.Read(args.ApplicationMessage.Topic, args.ApplicationMessage.Payload, _metrics, out var rejection);
        if (rejection is not null)
        {
            LogRejected(args.ClientId, rejection);
        }

        if (envelopes.Count == 0)
        {
            // Refused: acknowledged at once (resending it would fail again, forever) and counted.
            return;
        }

        var pending = new PendingPublish(envelopes);
        if (args.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtLeastOnce)
        {
            // A batch's one PUBACK waits for every record in it.
            held.Hold(pending.Stored);
        }

        // Bounded: when the store falls behind, this waits, and the gateway's window fills up (its records stay in its outbox).
        await _pending.WriteAsync(pending, args.CancellationToken);
    }

    /// <summary>Runs on the connection's send loop: a PUBACK waits here until its record's batch has committed.</summary>
    private async Task OnOutboundPacketAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is not MqttPubAckPacket acknowledgement)
        {
            return;
        }

        var held = HeldAcknowledgements.For(args.SessionItems);
        var stored = held.Take(acknowledgement.PacketIdentifier);
        if (held.Failed)
        {
            args.ProcessPacket = false;
            return;
        }

        if (stored is null)
        {
            return;
        }

        try
        {
            await stored.WaitAsync(args.CancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not stored: no PUBACK for this record nor any later one on this connection; drop the connection so the
            // gateway resends at once instead of waiting for its acknowledgement timeout.
            held.Fail();
            args.ProcessPacket = false;
            LogNotStored(args.ClientId);
            await Server.DisconnectClientAsync(args.ClientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.UnspecifiedError });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Server.IsStarted)
        {
            await Server.StopAsync();
        }

        Server.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud MQTT broker listening on port {Port}")]
    private partial void LogStarted(int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected uplink message from client {ClientId}: {Reason}")]
    private partial void LogRejected(string clientId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Records from client {ClientId} were not stored; closing its connection without acknowledging them")]
    private partial void LogNotStored(string clientId);
}
