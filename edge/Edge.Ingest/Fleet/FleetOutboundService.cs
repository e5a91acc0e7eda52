using Edge.Ingest.Broker;
using MQTTnet.Server;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Fleet;

/// <summary>Drains <see cref="FleetOutbound"/>: publishes through the embedded broker or the external one, and disconnects clients.</summary>
public sealed partial class FleetOutboundService : BackgroundService
{
    private readonly FleetOutbound _outbound;
    private readonly EmbeddedBroker _broker;
    private readonly ExternalBrokerClient _external;
    private readonly BrokerMode _mode;
    private readonly ILogger<FleetOutboundService> _logger;

    public FleetOutboundService(
        FleetOutbound outbound,
        EmbeddedBroker broker,
        ExternalBrokerClient external,
        IOptions<BrokerOptions> options,
        ILogger<FleetOutboundService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _outbound = outbound;
        _broker = broker;
        _external = external;
        _mode = options.Value.Mode;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in _outbound.Reader.ReadAllAsync(stoppingToken))
            {
                await ProcessAsync(item, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; what is left was best effort.
        }
    }

    /// <summary>Carries out one item; failures are logged, never thrown (the broker may be restarting).</summary>
    public async Task ProcessAsync(FleetOutboundItem item, CancellationToken cancellationToken)
    {
        try
        {
            if (item.Message is { } message)
            {
                if (_mode == BrokerMode.External)
                {
                    await _external.PublishAsync(message, cancellationToken);
                }
                else
                {
                    await _broker.Server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message), cancellationToken);
                }
            }
            else if (item.DisconnectClientId is { } clientId && _mode == BrokerMode.Embedded)
            {
                LogDisconnecting(item.DisconnectReason);
                await _broker.Server.DisconnectClientAsync(clientId, item.DisconnectReason);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(exception.GetType().Name, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Disconnecting a device client ({Reason})")]
    private partial void LogDisconnecting(MQTTnet.Protocol.MqttDisconnectReasonCode reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fleet outbound action failed: {Kind}: {Error}")]
    private partial void LogFailed(string kind, string error);
}
