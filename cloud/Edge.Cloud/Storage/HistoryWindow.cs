using Edge.Contracts;

namespace Edge.Cloud.Storage;

/// <summary>One stored window summary of a machine, as the history export reads it (window end, per-sensor statistics).</summary>
public sealed record HistoryWindow(DateTimeOffset WindowEnd, string Machine, IReadOnlyList<SensorSummary> Sensors);
