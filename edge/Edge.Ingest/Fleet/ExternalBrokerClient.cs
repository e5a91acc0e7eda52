using System.Buffers;
using Edge.Ingest.Broker;
using Edge.Kernel;
using MQTTnet;
using MQTTnet.Protocol;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Fleet;

/// <summary>
/// External broker mode (<c>Broker:Mode = External</c>): the gateway subscribes to an existing broker (for example Mosquitto)
/// with a persistent session and QoS 1, and gives each message to the same <see cref="IInboundMessageHandler"/>s the
/// embedded broker uses. MQTTnet acknowledges a message only after the handler returned, so a saturated pipeline delays
/// the PUBACK towards the broker, which then holds the messages in the gateway's session queue. Device identity and ACLs
/// are the external broker's job in this mode (Mosquitto <c>password_file</c> and <c>acl_file</c>).
/// </summary>
public sealed partial class ExternalBrokerClient : BackgroundService
{
    private readonly IInboundMessageHandler[] _handlers;
    private readonly BrokerOptions _options;
    private readonly string _clientId;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ExternalBrokerClient> _logger;
    private readonly IMqttClient _client;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ExternalBrokerClient(
        IEnumerable<IInboundMessageHandler> handlers,
        IOptions<BrokerOptions> options,
        IOptions<GatewayOptions> gateway,
        TimeProvider timeProvider,
        ILogger<ExternalBrokerClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        _handlers = [.. handlers];
        _options = options.Value;
        _clientId = "edge-gateway-" + gateway.Value.Id;
        _timeProvider = timeProvider;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += _ =>
        {
            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => _client.IsConnected;

    public Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken) => _client.PublishAsync(message, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Mode != BrokerMode.External)
        {
            return;
        }

        var backoff = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await ConnectAsync(stoppingToken);
                backoff = TimeSpan.FromMilliseconds(200);
                LogConnected(_options.ExternalHost, _options.ExternalPort);
                await _disconnected.Task.WaitAsync(stoppingToken);
                LogDisconnected();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or MQTTnet.Adapter.MqttConnectingFailedException)
            {
                LogConnectFailed(_options.ExternalHost, _options.ExternalPort, exception.Message);
            }

            await Task.Delay(backoff, _timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.ExternalHost, _options.ExternalPort)
            .WithClientId(_clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            // A persistent session: while the gateway is away the broker queues the QoS 1 telemetry for it.
            .WithCleanStart(false)
            .WithSessionExpiryInterval(uint.MaxValue)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (_options.ExternalUserName.Length > 0)
        {
            builder = builder.WithCredentials(_options.ExternalUserName, _options.ExternalPassword);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await _client.ConnectAsync(builder.Build(), timeout.Token);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in _options.ExternalTopics)
        {
            subscribe = subscribe.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await _client.SubscribeAsync(subscribe.Build(), timeout.Token);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var topic = args.ApplicationMessage.Topic;
        foreach (var handler in _handlers)
        {
            if (!handler.CanHandle(topic))
            {
                continue;
            }

            var deviceId = TopicAccessPolicy.DeviceIdOf(topic) ?? "_external";
            var message = new InboundMessage(deviceId, null, topic, args.ApplicationMessage.Payload, args.ApplicationMessage.QualityOfServiceLevel);
            await handler.HandleAsync(message, CancellationToken.None);
            return;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to the external broker {Host}:{Port}")]
    private partial void LogConnected(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the external broker; reconnecting")]
    private partial void LogDisconnected();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the external broker {Host}:{Port}: {Error}")]
    private partial void LogConnectFailed(string host, int port, string error);
}
