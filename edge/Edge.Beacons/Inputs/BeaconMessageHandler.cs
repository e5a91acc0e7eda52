using System.Buffers;
using Edge.Ingest.Broker;

namespace Edge.Beacons.Inputs;

/// <summary>
/// Lets the embedded broker consume scanner publishes in process (<c>home/+/BTtoMQTT/+</c>, <c>home/+/LWT</c>,
/// <c>espresense/#</c>): raw scanner messages never reach a subscriber, so nothing else on the broker sees a MAC.
/// </summary>
internal sealed class BeaconMessageHandler(BeaconIngest ingest) : IInboundMessageHandler
{
    private const int StackPayloadLimit = 1024;

    public bool CanHandle(string topic) => BeaconIngest.IsBeaconTopic(topic);

    public ValueTask HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var payload = message.Payload;
        if (payload.IsSingleSegment)
        {
            ingest.TryHandle(message.Topic, payload.FirstSpan);
            return ValueTask.CompletedTask;
        }

        var length = (int)Math.Min(payload.Length, 64 * 1024);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, StackPayloadLimit));
        try
        {
            payload.Slice(0, length).CopyTo(rented);
            ingest.TryHandle(message.Topic, rented.AsSpan(0, length));
        }
        finally
        {
            Array.Clear(rented, 0, length);
            ArrayPool<byte>.Shared.Return(rented);
        }

        return ValueTask.CompletedTask;
    }
}
