using System.Buffers.Text;
using System.Net;

namespace Edge.LoadHarness;

/// <summary>(a) The limit of the MQTT path: Mosquitto passing every message to a bare subscriber that only counts (telemetry by default, or <paramref name="filter"/>).</summary>
internal sealed class MosquittoTarget(string directory, string filter = "devices/+/telemetry") : IBenchTarget
{
    // One delivery in this many has its publish-to-delivery latency measured: parsing every timestamp would charge the subscriber.
    private const int LatencySampleEvery = 8;

    private readonly List<int> _latencies = [];
    private ChildProcess? _mosquitto;
    private CountingSubscriber? _subscriber;
    private volatile bool _measuring;
    private long _deliveries;

    public string Name => "Mosquitto -> bare subscriber";

    public IPEndPoint PublishEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    public IReadOnlyList<ChildProcess> Processes => _mosquitto is null ? [] : [_mosquitto];

    public CountingSubscriber? Subscriber => _subscriber;

    public IReadOnlyList<int> DeliveryLatencies => _latencies;

    public async Task StartAsync(RunOptions options, CancellationToken cancellationToken)
    {
        (_mosquitto, PublishEndpoint) = await MosquittoServer.StartAsync(directory, cancellationToken);
        _subscriber = await CountingSubscriber.StartAsync(PublishEndpoint, filter, Weigh, cancellationToken);
    }

    public ValueTask<long> ConsumedAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_subscriber?.Total ?? 0);

    public void BeginMeasuring() => _measuring = true;

    public MqttCredentials? CredentialsFor(string machineId) => null;

    public Task<string?> VerifyAsync(long expectedMessages, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    private long Weigh(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload)
    {
        if (_measuring && ++_deliveries % LatencySampleEvery == 0 && TryReadTimestamp(payload, out var sentAt))
        {
            _latencies.Add((int)Math.Clamp((DateTime.UtcNow - sentAt).Ticks / 10, 0, int.MaxValue));
        }

        return 1;
    }

    internal static bool TryReadTimestamp(ReadOnlySpan<byte> payload, out DateTime value)
    {
        value = default;
        var key = "\"timestamp\":\""u8;
        var at = payload.IndexOf(key);
        return at >= 0 && Utf8Parser.TryParse(payload[(at + key.Length)..], out value, out _, 'O');
    }

    public async ValueTask DisposeAsync()
    {
        _subscriber?.Dispose();
        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }
    }
}
