using System.Buffers;

namespace Edge.Ingest.Broker;

/// <summary>
/// Consumes a kind of inbound MQTT message in process, as the broker receives it (fleet telemetry, beacon scanners,
/// Sparkplug). The broker asks each registered handler in turn; the first that claims the topic gets the message.
/// Awaiting in <see cref="HandleAsync"/> delays the publisher's PUBACK: that is the backpressure of the gateway.
/// </summary>
public interface IInboundMessageHandler
{
    bool CanHandle(string topic);

    ValueTask HandleAsync(InboundMessage message, CancellationToken cancellationToken);
}
