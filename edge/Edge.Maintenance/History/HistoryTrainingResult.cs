namespace Edge.Maintenance.History;

/// <summary>What <see cref="HistoryTrainer.Train"/> returns: the model written, the candidates' out-of-fold figures, the out-of-fold reliability and alert quality.</summary>
public sealed record HistoryTrainingResult(
    HistoryModel Model,
    IReadOnlyList<HistoryCandidateResult> ClassifierCandidates,
    IReadOnlyList<HistoryCandidateResult> RegressorCandidates,
    IReadOnlyList<ReliabilityBin> Reliability,
    EventMetrics OutOfFoldAlerts,
    TimeSpan Elapsed)
{
    public int TrainingRows { get; init; }

    public long TelemetryRows { get; init; }
}
