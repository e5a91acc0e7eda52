namespace Edge.Maintenance.Models;

/// <summary>Range of one feature in the training data, shown in alerts next to the current value.</summary>
public sealed record FeatureRange(string Feature, double Min, double Max);
