namespace Edge.Maintenance.History;

/// <summary>
/// A history model judged on a history it was not trained on: event-level alert quality, remaining-life RMSE (against
/// the capped truth, where a later failure is known), 90% interval coverage and the Brier score of the probability.
/// </summary>
public sealed record HistoryEvaluation(EventMetrics Events, double RemainingLifeRmse, double IntervalCoverage, double Brier, int ScoredSteps)
{
    public IReadOnlyList<ReliabilityBin> Reliability { get; init; } = [];
}
