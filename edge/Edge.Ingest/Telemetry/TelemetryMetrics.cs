using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Edge.Ingest.Telemetry;

/// <summary>
/// Counters of the telemetry path, exported through <see cref="IMeterFactory"/> (meter <c>Edge.Ingest.Telemetry</c>)
/// and readable in process for the status API.
/// </summary>
public sealed class TelemetryMetrics
{
    public const string MeterName = "Edge.Ingest.Telemetry";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _readings;
    private readonly Counter<long> _rejections;
    private readonly ConcurrentDictionary<RejectionReason, long> _rejectionsByReason = new();
    private long _messageCount;
    private long _readingCount;
    private long _summaryCount;

    public TelemetryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>("edge.telemetry.messages", description: "Telemetry messages accepted.");
        _readings = meter.CreateCounter<long>("edge.telemetry.readings", description: "Readings accepted.");
        _rejections = meter.CreateCounter<long>("edge.telemetry.rejections", description: "Messages refused, by reason.");
        meter.CreateObservableCounter("edge.telemetry.summaries", () => Interlocked.Read(ref _summaryCount), description: "Machine summaries committed.");
    }

    public long Messages => Interlocked.Read(ref _messageCount);

    public long Readings => Interlocked.Read(ref _readingCount);

    public long Summaries => Interlocked.Read(ref _summaryCount);

    public IReadOnlyDictionary<RejectionReason, long> Rejections => _rejectionsByReason;

    public void Accepted(int readings)
    {
        Interlocked.Increment(ref _messageCount);
        Interlocked.Add(ref _readingCount, readings);
        _messages.Add(1);
        _readings.Add(readings);
    }

    public void Rejected(RejectionReason reason)
    {
        _rejectionsByReason.AddOrUpdate(reason, 1, static (_, count) => count + 1);
        _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
    }

    public void SummariesCommitted(int count) => Interlocked.Add(ref _summaryCount, count);
}
