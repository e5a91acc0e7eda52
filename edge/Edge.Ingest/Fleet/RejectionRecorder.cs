using System.Buffers;
using Edge.Ingest.Telemetry;
using MQTTnet;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Fleet;

/// <summary>
/// The one place a refused message is accounted for: counted per device and in the telemetry metrics by reason, logged
/// at most once per <see cref="FleetOptions.RejectionLogInterval"/> (with how many were not logged), and optionally
/// republished to the dead-letter topic.
/// </summary>
public sealed partial class RejectionRecorder
{
    private readonly DeviceActivity _activity;
    private readonly TelemetryMetrics _metrics;
    private readonly FleetOutbound _outbound;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RejectionRecorder> _logger;
    private readonly string _deadLetterTopic;
    private readonly TimeSpan _logInterval;
    private readonly Lock _logGate = new();
    private long _lastLogTimestamp;
    private long _suppressed;

    public RejectionRecorder(
        DeviceActivity activity,
        TelemetryMetrics metrics,
        FleetOutbound outbound,
        IOptions<FleetOptions> options,
        TimeProvider timeProvider,
        ILogger<RejectionRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _activity = activity;
        _metrics = metrics;
        _outbound = outbound;
        _timeProvider = timeProvider;
        _logger = logger;
        _deadLetterTopic = options.Value.DeadLetterTopic;
        _logInterval = options.Value.RejectionLogInterval;
    }

    public DeviceActivity Activity => _activity;

    public void Record(string deviceId, RejectionReason reason, string detail, string topic, ReadOnlySequence<byte> payload)
    {
        _activity.Rejected(deviceId, reason);
        _metrics.Rejected(reason);
        LogRateLimited(deviceId, reason, detail);
        if (_deadLetterTopic.Length > 0 && reason != RejectionReason.Duplicate)
        {
            _outbound.Publish(new MqttApplicationMessageBuilder()
                .WithTopic(_deadLetterTopic)
                .WithPayload(payload.ToArray())
                .WithUserProperty("device", Utf8(deviceId))
                .WithUserProperty("reason", Utf8(reason.ToString()))
                .WithUserProperty("topic", Utf8(topic))
                .Build());
        }
    }

    private static ReadOnlyMemory<byte> Utf8(string value) => System.Text.Encoding.UTF8.GetBytes(value);

    private void LogRateLimited(string deviceId, RejectionReason reason, string detail)
    {
        long suppressed;
        lock (_logGate)
        {
            var now = _timeProvider.GetTimestamp();
            if (_lastLogTimestamp != 0 && _timeProvider.GetElapsedTime(_lastLogTimestamp, now) < _logInterval)
            {
                _suppressed++;
                return;
            }

            _lastLogTimestamp = now;
            suppressed = _suppressed;
            _suppressed = 0;
        }

        LogRejected(deviceId, reason, detail, suppressed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a message from device {DeviceId}: {Reason} ({Detail}); {Suppressed} more refusals since the last line")]
    private partial void LogRejected(string deviceId, RejectionReason reason, string detail, long suppressed);
}
