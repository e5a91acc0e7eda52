namespace Edge.Maintenance.Anomaly;

/// <summary>How far a value is from its baseline: z-score, the larger CUSUM sum, and whether either crossed its threshold.</summary>
public readonly record struct AnomalyScore(double ZScore, double Cusum, bool IsAnomalous);
