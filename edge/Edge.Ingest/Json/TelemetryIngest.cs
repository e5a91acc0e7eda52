using Edge.Ingest.Broker;
using Edge.Ingest.Fleet;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Json;

/// <summary>
/// Fleet telemetry from the broker (<c>devices/&lt;deviceId&gt;/telemetry</c>): parse, validate, count, and hand the readings
/// to the window service. A full pipeline makes this await, which delays the device's PUBACK instead of dropping data.
/// Samples carrying a device <c>sequence</c> already seen from that device (a redelivery) are acknowledged but not counted
/// again; out-of-order samples are accepted once. Refusals are accounted by the fleet's <see cref="RejectionRecorder"/>.
/// </summary>
public sealed class TelemetryIngest : IInboundMessageHandler
{
    private const string Prefix = "devices/";
    private const string Suffix = "/telemetry";

    private readonly TelemetryChannel _channel;
    private readonly TelemetryMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly RejectionRecorder _rejections;
    private readonly TelemetryParser _parser;

    /// <summary>Lists a message is parsed into, reused by the next message on the same thread (taken, then given back).</summary>
    [ThreadStatic]
    private static Scratch? t_scratch;

    public TelemetryIngest(
        TelemetryChannel channel,
        TelemetryMetrics metrics,
        IOptions<TelemetryOptions> options,
        TimeProvider timeProvider,
        RejectionRecorder rejections)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = channel;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _rejections = rejections;
        var machines = new HashSet<string>(options.Value.Machines, StringComparer.Ordinal);
        _parser = new TelemetryParser(machines.Contains, options.Value.MaxAbsoluteValue);
    }

    public bool CanHandle(string topic) =>
        topic.StartsWith(Prefix, StringComparison.Ordinal) && topic.EndsWith(Suffix, StringComparison.Ordinal);

    public async ValueTask HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var deviceId = message.Topic[Prefix.Length..^Suffix.Length];
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        try
        {
            await HandleAsync(message, deviceId, scratch.Readings, scratch.Sequences, cancellationToken);
        }
        finally
        {
            scratch.Readings.Clear();
            scratch.Sequences.Clear();
            if (scratch.Readings.Capacity <= Scratch.KeepCapacity)
            {
                t_scratch = scratch;
            }
        }
    }

    private async ValueTask HandleAsync(
        InboundMessage message, string deviceId, List<Reading> readings, List<SampleSequence> sequences, CancellationToken cancellationToken)
    {
        var result = _parser.Parse(deviceId, message.Payload, _timeProvider.GetUtcNow(), readings, sequences);
        if (!result.IsAccepted)
        {
            _rejections.Record(deviceId, result.Rejection!.Value, result.Detail!, message.Topic, message.Payload);
            return;
        }

        var activity = _rejections.Activity;
        var duplicates = 0;
        foreach (var sample in sequences)
        {
            if (!activity.TryAcceptSequence(deviceId, sample.Sequence))
            {
                // Blank the duplicate sample's readings; the sensor name is never empty for a parsed reading.
                for (var i = sample.Start; i < sample.Start + sample.Count; i++)
                {
                    readings[i] = default;
                }

                duplicates += sample.Count;
            }
        }

        if (duplicates == readings.Count)
        {
            _rejections.Record(deviceId, RejectionReason.Duplicate, "every sample was already received", message.Topic, message.Payload);
            return;
        }

        // Duplicate samples were blanked (Sensor null) and are skipped by the channel.
        var dropped = await ReadingHandOff.WriteAllAsync(_channel, readings, message.QualityOfService, cancellationToken);
        if (dropped > 0)
        {
            _rejections.Record(deviceId, RejectionReason.Overflow, $"pipeline full: {dropped} readings of a QoS 0 message dropped", message.Topic, default);
        }

        _metrics.Accepted(readings.Count - duplicates - dropped);
        activity.Accepted(deviceId, readings.Count - duplicates - dropped);
    }

    private sealed class Scratch
    {
        /// <summary>A list grown past this by a huge batch is dropped rather than kept for the thread's life.</summary>
        public const int KeepCapacity = 1024;

        public List<Reading> Readings { get; } = new(8);

        public List<SampleSequence> Sequences { get; } = new(2);
    }
}
