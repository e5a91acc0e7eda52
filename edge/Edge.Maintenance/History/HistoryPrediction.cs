namespace Edge.Maintenance.History;

/// <summary>
/// A history model's prediction for one machine: calibrated probability of a failure within the model's horizon,
/// remaining life (hours to the next failure, capped) with its 90% interval (<see cref="Lower"/>, <see cref="Upper"/>)
/// when the model has a remaining-life head, and the features that weighed most in the probability.
/// </summary>
public sealed record HistoryPrediction(
    double FailureProbability,
    double? RemainingLife,
    double? Lower,
    double? Upper,
    IReadOnlyList<HistoryFeatureContribution> TopFeatures)
{
    /// <summary>Whether the probability reaches the model's decision threshold (chosen in training, stored in the model).</summary>
    public bool Alert { get; init; }
}
