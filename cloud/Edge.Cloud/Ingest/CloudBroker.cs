using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
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
/// Who may connect and publish what is <see cref="GatewayBrokerGuard"/>'s; a plain listener (<c>Cloud:BrokerPort</c>,
/// 0 = off) and a TLS 1.2+ listener (<c>Cloud:BrokerTlsPort</c>) with the fleet broker's certificate options.
/// </summary>
internal sealed partial class CloudBroker : IHostedService, IAsyncDisposable
{
    private readonly ChannelWriter<PendingPublish> _pending;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<CloudBroker> _logger;
    private readonly GatewayBrokerGuard _guard;
    private readonly X509Certificate2? _certificate;

    public CloudBroker(
        IOptions<CloudOptions> options, Channel<PendingPublish> pending, IngestMetrics metrics, GatewayBrokerGuard guard, ILogger<CloudBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(guard);
        _pending = pending.Writer;
        _metrics = metrics;
        _guard = guard;
        _logger = logger;
        var cloud = options.Value;
        Port = cloud.BrokerPort;
        TlsPort = cloud.BrokerTlsPort;
        var bind = IPAddress.Parse(cloud.BrokerBindAddress);
        // Exactly the configured address: MQTTnet would otherwise also listen on [::] whatever the IPv4 address.
        var ipv4 = bind.AddressFamily == AddressFamily.InterNetwork ? bind : IPAddress.None;
        var ipv6 = bind.AddressFamily == AddressFamily.InterNetworkV6 ? bind : IPAddress.None;
        var builder = new MqttServerFactory().CreateServerOptionsBuilder();
        if (Port > 0)
        {
            builder = builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(ipv4).WithDefaultEndpointBoundIPV6Address(ipv6).WithDefaultEndpointPort(Port);
        }

        if (TlsPort > 0)
        {
            // TLS 1.2 and 1.3 only: a client offering less fails the handshake.
            _certificate = X509CertificateLoader.LoadPkcs12FromFile(cloud.BrokerTlsCertificatePath, cloud.BrokerTlsCertificatePassword);
            builder = builder
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(ipv4)
                .WithEncryptedEndpointBoundIPV6Address(ipv6)
                .WithEncryptedEndpointPort(TlsPort)
                .WithEncryptionCertificate(_certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
        }

        Server = new MqttServerFactory().CreateMqttServer(builder.Build());
        guard.Attach(Server);
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

    /// <summary>Plain TCP port; 0 when the plain listener is off.</summary>
    public int Port { get; }

    /// <summary>TLS port; 0 when off.</summary>
    public int TlsPort { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Server.StartAsync();
        LogStarted(Port, TlsPort);
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
        // Nothing is routed to subscribers: every publish is either an uplink record or refused.
        args.ProcessPublish = false;
        if (_guard.RefusePublish(args) is { } refusal)
        {
            args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            _metrics.OnUnauthorizedPublish();
            LogRejected(args.ClientId, refusal);
            return;
        }

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
        _certificate?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud MQTT broker listening on port {Port} (TLS port {TlsPort}; 0 = off)")]
    private partial void LogStarted(int port, int tlsPort);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected uplink message from client {ClientId}: {Reason}")]
    private partial void LogRejected(string clientId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Records from client {ClientId} were not stored; closing its connection without acknowledging them")]
    private partial void LogNotStored(string clientId);
}
