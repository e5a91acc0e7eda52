using System.Net;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace Edge.Gateway.Broker;

/// <summary>
/// The gateway's MQTTnet broker. Inbound publishes are consumed in process by the registered
/// <see cref="IInboundMessageHandler"/>s (no subscriber hop), which is how the broker keeps pace with Mosquitto.
/// Messages no handler claims are routed to subscribers as a normal broker would.
/// </summary>
public sealed partial class EmbeddedBroker : IHostedService, IAsyncDisposable
{
    private readonly IInboundMessageHandler[] _handlers;
    private readonly ILogger<EmbeddedBroker> _logger;
    private long _overwritten;

    public EmbeddedBroker(IOptions<BrokerOptions> options, IEnumerable<IInboundMessageHandler> handlers, ILogger<EmbeddedBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _handlers = [.. handlers];
        _logger = logger;
        var broker = options.Value;
        Port = broker.Port;
        var serverOptions = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(broker.BindAddress))
            .WithDefaultEndpointPort(broker.Port)
            .WithMaxPendingMessagesPerClient(broker.MaxPendingMessagesPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();
        Server = new MqttServerFactory().CreateMqttServer(serverOptions);
        Server.InterceptingPublishAsync += OnPublishAsync;
        Server.QueuedApplicationMessageOverwrittenAsync += OnOverwrittenAsync;
    }

    /// <summary>The MQTTnet server, for capabilities that publish locally (alerts) or manage sessions (fleet).</summary>
    public MqttServer Server { get; }

    public int Port { get; }

    /// <summary>QoS 1 messages the broker overwrote in a slow subscriber's queue.</summary>
    public long Overwritten => Interlocked.Read(ref _overwritten);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Server.StartAsync();
        LogStarted(Port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Server.StopAsync();

    private async Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        var topic = args.ApplicationMessage.Topic;
        foreach (var handler in _handlers)
        {
            if (!handler.CanHandle(topic))
            {
                continue;
            }

            // Consumed here; forwarding to subscribers would cost a second copy per message.
            args.ProcessPublish = false;
            var message = new InboundMessage(args.ClientId, args.UserName, topic, args.ApplicationMessage.Payload);
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
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker listening on port {Port}")]
    private partial void LogStarted(int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A slow subscriber's queue overflowed: {Total} queued messages overwritten so far")]
    private partial void LogOverwritten(long total);
}
