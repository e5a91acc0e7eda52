using Edge.Gateway.Broker;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Telemetry;

/// <summary>
/// Fleet telemetry from the broker (<c>devices/&lt;deviceId&gt;/telemetry</c>): parse, validate, count, and hand the readings
/// to the window service. A full pipeline makes this await, which delays the device's PUBACK instead of dropping data.
/// </summary>
public sealed partial class TelemetryIngest : IInboundMessageHandler
{
    private const string Prefix = "devices/";
    private const string Suffix = "/telemetry";

    // A list larger than this (a huge batch) is not kept for reuse, so one odd message cannot pin memory on a thread.
    private const int MaxReusedCapacity = 1024;

    // The readings of a message are only needed until they are in the channel: one list per thread, reused, instead of
    // one per message (about 250 of the 400 bytes this path allocated per message; IngestBenchmarks).
    [ThreadStatic]
    private static List<Reading>? t_readings;

    private readonly TelemetryChannel _channel;
    private readonly TelemetryMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TelemetryIngest> _logger;
    private readonly TelemetryParser _parser;
    private long _lastRejectionLogTimestamp;

    public TelemetryIngest(
        TelemetryChannel channel,
        TelemetryMetrics metrics,
        IOptions<TelemetryOptions> options,
        TimeProvider timeProvider,
        ILogger<TelemetryIngest> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = channel;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        var machines = new HashSet<string>(options.Value.Machines, StringComparer.Ordinal);
        _parser = new TelemetryParser(machines.Contains, options.Value.MaxAbsoluteValue);
    }

    public bool CanHandle(string topic) =>
        topic.StartsWith(Prefix, StringComparison.Ordinal) && topic.EndsWith(Suffix, StringComparison.Ordinal);

    public async ValueTask HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var deviceId = message.Topic[Prefix.Length..^Suffix.Length];
        // Taken out of the thread's slot while in use: after an await this call may continue on another thread.
        var readings = t_readings ?? new List<Reading>(8);
        t_readings = null;
        var result = _parser.Parse(deviceId, message.Payload, _timeProvider.GetUtcNow(), readings);
        if (!result.IsAccepted)
        {
            _metrics.Rejected(result.Rejection!.Value);
            LogRejectionRateLimited(deviceId, result.Rejection.Value, result.Detail!);
            Return(readings);
            return;
        }

        foreach (var reading in readings)
        {
            if (!_channel.TryWrite(reading))
            {
                await _channel.WriteAsync(reading, cancellationToken);
            }
        }

        _metrics.Accepted(result.Readings);
        Return(readings);
    }

    private static void Return(List<Reading> readings)
    {
        if (readings.Capacity <= MaxReusedCapacity)
        {
            readings.Clear();
            t_readings = readings;
        }
    }

    private void LogRejectionRateLimited(string deviceId, RejectionReason reason, string detail)
    {
        // At most one line per second: a broken device must not fill the SD card with logs.
        var now = _timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastRejectionLogTimestamp);
        if (last != 0 && _timeProvider.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1))
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastRejectionLogTimestamp, now, last) == last)
        {
            LogRejected(deviceId, reason, detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected telemetry from device {DeviceId}: {Reason} ({Detail})")]
    private partial void LogRejected(string deviceId, RejectionReason reason, string detail);
}
