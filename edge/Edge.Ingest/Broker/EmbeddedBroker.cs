using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Broker;

/// <summary>
/// The gateway's MQTTnet broker. Inbound publishes are consumed in process by the registered
/// <see cref="IInboundMessageHandler"/>s (no subscriber hop), which is how the broker keeps pace with Mosquitto.
/// Messages no handler claims are routed to subscribers as a normal broker would.
/// </summary>
public sealed partial class EmbeddedBroker : IHostedService, IAsyncDisposable
{
    private readonly IInboundMessageHandler[] _handlers;
    private readonly ILogger<EmbeddedBroker> _logger;
    private readonly IBrokerGuard? _guard;
    private readonly BrokerMode _mode;
    private readonly X509Certificate2? _certificate;
    private long _overwritten;

    /// <param name="guard">Device identity, ACLs and limits. Always registered in the gateway; null only in tests of other capabilities.</param>
    public EmbeddedBroker(IOptions<BrokerOptions> options, IEnumerable<IInboundMessageHandler> handlers, ILogger<EmbeddedBroker> logger, IBrokerGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _handlers = [.. handlers];
        _guard = guard;
        _logger = logger;
        var broker = options.Value;
        Port = broker.Port;
        _mode = broker.Mode;
        // Plain TCP goes through the gateway's own listener (read-ahead, coalesced PUBACKs); MQTTnet's default
        // endpoint stays off, and its TCP adapter is used for TLS only.
        var builder = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithMaxPendingMessagesPerClient(broker.MaxPendingMessagesPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage);
        // Exactly the configured address: MQTTnet would otherwise also listen on [::] whatever the IPv4 address.
        var bind = IPAddress.Parse(broker.BindAddress);
        if (broker.TlsPort > 0)
        {
            // TLS 1.2 and 1.3 only: a client offering less fails the handshake.
            _certificate = X509CertificateLoader.LoadPkcs12FromFile(broker.TlsCertificatePath, broker.TlsCertificatePassword);
            builder = builder
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(bind.AddressFamily == AddressFamily.InterNetwork ? bind : IPAddress.None)
                .WithEncryptedEndpointBoundIPV6Address(bind.AddressFamily == AddressFamily.InterNetworkV6 ? bind : IPAddress.None)
                .WithEncryptedEndpointPort(broker.TlsPort)
                .WithEncryptionCertificate(_certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
            TlsPort = broker.TlsPort;
        }

        var plainEndPoint = new IPEndPoint(bind, broker.Port);
        List<IMqttServerAdapter> adapters = [new CoalescingTcpServerAdapter(plainEndPoint, Sockets, logger)];
        if (TlsPort > 0)
        {
            adapters.Add(new MqttTcpServerAdapter());
        }

        Server = new MqttServerFactory().CreateMqttServer(builder.Build(), adapters);
        Server.InterceptingPublishAsync += OnPublishAsync;
        Server.QueuedApplicationMessageOverwrittenAsync += OnOverwrittenAsync;
        guard?.Attach(Server);
    }

    /// <summary>The MQTTnet server, for capabilities that publish locally (alerts) or manage sessions (fleet).</summary>
    public MqttServer Server { get; }

    public int Port { get; }

    /// <summary>System calls and bytes on the plain TCP device connections.</summary>
    public SocketCounters Sockets { get; } = new();

    /// <summary>TLS listener port, 0 when off.</summary>
    public int TlsPort { get; }

    /// <summary>QoS 1 messages the broker overwrote in a slow subscriber's queue.</summary>
    public long Overwritten => Interlocked.Read(ref _overwritten);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_mode == BrokerMode.External)
        {
            LogExternalMode();
            return;
        }

        await Server.StartAsync();
        LogStarted(Port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Server.IsStarted ? Server.StopAsync() : Task.CompletedTask;

    private async Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        // Identity, topic rights, size and rate come first: a refused message never reaches a handler.
        if (_guard is not null && !_guard.AdmitPublish(args))
        {
            return;
        }

        var topic = args.ApplicationMessage.Topic;
        foreach (var handler in _handlers)
        {
            if (!handler.CanHandle(topic))
            {
                continue;
            }

            // Consumed here; forwarding to subscribers would cost a second copy per message.
            args.ProcessPublish = false;
            var message = new InboundMessage(
                args.ClientId, args.UserName, topic, args.ApplicationMessage.Payload, args.ApplicationMessage.QualityOfServiceLevel);
            await handler.HandleAsync(message, args.CancellationToken);
            return;
        }
    }

    private Task OnOverwrittenAsync(QueueMessageOverwrittenEventArgs args)
    {
        var total = Interlocked.Increment(ref _overwritten);
        if (total == 1 || total % 1000 == 0)
        {
            LogOverwritten(total);
        }

        return Task.CompletedTask;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker listening on port {Port}")]
    private partial void LogStarted(int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker:Mode is External: the embedded broker is not started")]
    private partial void LogExternalMode();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A slow subscriber's queue overflowed: {Total} queued messages overwritten so far")]
    private partial void LogOverwritten(long total);
}
