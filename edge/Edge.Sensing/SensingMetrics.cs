using System.Diagnostics.Metrics;

namespace Edge.Sensing;

/// <summary>Metrics of on-board sensing (meter <c>Edge.Sensing</c>).</summary>
internal sealed class SensingMetrics
{
    public const string MeterName = "Edge.Sensing";

    private readonly Counter<long> _readings;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _jitter;
    private long _refusedTotal;

    public SensingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _readings = meter.CreateCounter<long>("edge.sensing.readings", description: "Readings written to the telemetry channel.");
        _refused = meter.CreateCounter<long>("edge.sensing.readings.refused", description: "Readings dropped because the telemetry channel was full.");
        _failures = meter.CreateCounter<long>("edge.sensing.failures", description: "Failed opens and samples of on-board sensors.");
        _jitter = meter.CreateHistogram<double>("edge.sensing.jitter", unit: "ms", description: "Lateness of a sample start against its schedule.");
    }

    public long RefusedTotal => Interlocked.Read(ref _refusedTotal);

    public void Written(int count) => _readings.Add(count);

    public void Refused()
    {
        Interlocked.Increment(ref _refusedTotal);
        _refused.Add(1);
    }

    public void Failed(string bus) => _failures.Add(1, new KeyValuePair<string, object?>("bus", bus));

    public void Jitter(string bus, TimeSpan lateness) =>
        _jitter.Record(lateness.TotalMilliseconds, new KeyValuePair<string, object?>("bus", bus));
}
