using Edge.Maintenance.History;

namespace Edge.Demo;

/// <summary>Alert quality of a model on a plant history, and how often the 90 % remaining-life interval held the truth.</summary>
public sealed record PlantEvaluationResult(EventMetrics Alerts, double IntervalCoverage, int ScoredRows);
