using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Ingest.Fleet;

/// <summary>
/// Work the fleet code must not do inside a broker callback: publishing (dead letters, Sparkplug rebirth requests) and
/// disconnecting clients. Bounded; when full, the item is dropped and counted (dead letters are best effort).
/// </summary>
public sealed class FleetOutbound
{
    public const int Capacity = 4096;

    private readonly Channel<FleetOutboundItem> _channel = Channel.CreateBounded<FleetOutboundItem>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private long _dropped;

    public ChannelReader<FleetOutboundItem> Reader => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(MqttApplicationMessage message) => Enqueue(new FleetOutboundItem(message, null, default));

    public void Disconnect(string clientId, MqttDisconnectReasonCode reason) => Enqueue(new FleetOutboundItem(null, clientId, reason));

    private void Enqueue(FleetOutboundItem item)
    {
        if (!_channel.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _dropped);
        }
    }
}
