namespace Edge.Maintenance.History;

/// <summary>The prediction in force after one telemetry row (null before the machine's state is ready, e.g. right after a repair).</summary>
public readonly record struct HistoryRowPrediction(DateTimeOffset Timestamp, string Machine, HistoryPrediction? Prediction);
