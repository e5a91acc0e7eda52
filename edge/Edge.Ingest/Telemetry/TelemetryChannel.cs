using System.Threading.Channels;
using Edge.Kernel;

namespace Edge.Ingest.Telemetry;

/// <summary>
/// The bounded hand-off between every telemetry source and the window service. When it is full, writers wait:
/// the MQTT intercept awaits, so a QoS 1 PUBACK is delayed rather than a reading dropped. Sources that cannot wait
/// (QoS 0, sampling loops) use <see cref="TryWrite"/> and count what was refused.
/// </summary>
public sealed class TelemetryChannel
{
    public const int DefaultCapacity = 65_536;

    private readonly Channel<Reading> _channel;

    public TelemetryChannel(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _channel = Channel.CreateBounded<Reading>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public ChannelReader<Reading> Reader => _channel.Reader;

    public ValueTask WriteAsync(Reading reading, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(reading, cancellationToken);

    public bool TryWrite(Reading reading) => _channel.Writer.TryWrite(reading);

    public int Backlog => _channel.Reader.Count;
}
