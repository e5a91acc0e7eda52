namespace Edge.Maintenance.History;

/// <summary>One feature behind a prediction: its value now, the range seen in training, and its weight in the failure-probability score.</summary>
public sealed record HistoryFeatureContribution(string Feature, double Value, double TrainingMin, double TrainingMax, double Contribution);
