namespace Edge.Ingest.Sparkplug;

/// <summary>The last known state of one metric: its value (numeric metrics), whether it is stale, and historical values seen.</summary>
public sealed record SparkplugMetricState(string Name, double? Value, DateTimeOffset? Timestamp, bool Stale, long HistoricalValues);
