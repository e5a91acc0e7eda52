using System.Text.Json;
using Edge.Contracts;
using Edge.Ingest.Broker;
using Edge.StoreForward.Outbox;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Edge.Maintenance.Serving;

/// <summary>
/// Delivers alert state changes: committed to the outbox first (alerts drain ahead of routine summaries and survive a
/// WAN outage and a restart), then published on the local broker as <c>alerts/&lt;machineId&gt;</c> (QoS 1, retained,
/// so a panel that connects later sees each machine's latest alert) for the plant floor, WAN or not.
/// </summary>
public sealed partial class AlertPublisher
{
    public const string TopicPrefix = "alerts/";

    private readonly IOutboxWriter _outbox;
    private readonly EmbeddedBroker _broker;
    private readonly ILogger<AlertPublisher> _logger;
    private long _published;

    public AlertPublisher(IOutboxWriter outbox, EmbeddedBroker broker, ILogger<AlertPublisher> logger)
    {
        _outbox = outbox;
        _broker = broker;
        _logger = logger;
    }

    public long Published => Interlocked.Read(ref _published);

    public async Task PublishAsync(IReadOnlyList<FailureAlert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Count == 0)
        {
            return;
        }

        _outbox.Append(alerts);
        foreach (var alert in alerts)
        {
            Interlocked.Increment(ref _published);
            LogAlert(alert.AlertKind, alert.MachineId, alert.State, alert.Severity);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(TopicPrefix + alert.MachineId)
                .WithPayload(JsonSerializer.SerializeToUtf8Bytes(alert, ContractsJsonContext.Default.FailureAlert))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag()
                .Build();
            try
            {
                await _broker.Server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "edge-maintenance" }, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
            {
                // The outbox already holds the alert; a stopped broker only costs the local copy.
                LogBrokerUnavailable(exception, alert.MachineId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Kind} on {Machine}: {State} ({Severity})")]
    private partial void LogAlert(string kind, string machine, string state, string severity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local broker unavailable; alert for {Machine} only in the outbox")]
    private partial void LogBrokerUnavailable(Exception exception, string machine);
}
