namespace Edge.Contracts;

/// <summary>One feature behind an alert: its current value, the range seen in training, and its weight in the decision.</summary>
public sealed record FeatureContribution
{
    public required string Feature { get; init; }

    public required double Value { get; init; }

    public double? TrainingMin { get; init; }

    public double? TrainingMax { get; init; }

    public required double Contribution { get; init; }
}
