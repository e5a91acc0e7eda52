namespace Edge.Sensing;

/// <summary>Lateness of sample starts against schedule: mean, median and 99th percentile of recent samples, maximum since start.</summary>
public sealed record JitterSummary(long Samples, double MeanMilliseconds, double MedianMilliseconds, double P99Milliseconds, double MaximumMilliseconds);
