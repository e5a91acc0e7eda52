using Edge.Maintenance.Models;

namespace Edge.Maintenance.History;

/// <summary>
/// <c>manifest.json</c> of a history model file (<see cref="Kind"/> = <c>"history"</c>): the feature spec the gateway
/// computes, both heads' ML.NET entries with their SHA-256, the probability calibration, the remaining-life interval,
/// the alert threshold chosen in training, feature ranges, cross-validation figures and a smoke test.
/// </summary>
public sealed record HistoryManifest
{
    public const int CurrentSchemaVersion = 1;
    public const string HistoryKind = "history";

    public required int SchemaVersion { get; init; }

    public string Kind { get; init; } = HistoryKind;

    /// <summary>Shown in status and alerts, for example <c>history-20261208t0130-k1a2b3c</c>.</summary>
    public required string Version { get; init; }

    public required HistoryFeatureSpec Spec { get; init; }

    public required IReadOnlyList<string> FeatureNames { get; init; }

    public required IReadOnlyList<FeatureRange> Ranges { get; init; }

    public required double HorizonHours { get; init; }

    public string RemainingLifeUnit { get; init; } = "hours";

    /// <summary>Remaining-life labels (and predictions) are capped here: a prediction at the cap means "at least".</summary>
    public required double RemainingLifeCap { get; init; }

    /// <summary>Platt scaling of the classifier's raw score: p = 1 / (1 + exp(A * score + B)), fitted on out-of-fold scores.</summary>
    public required double PlattA { get; init; }

    public required double PlattB { get; init; }

    /// <summary>Calibrated probability at or above which the gateway alerts.</summary>
    public required double DecisionThreshold { get; init; }

    /// <summary>
    /// Split-conformal 90% interval of remaining life: per band of predicted remaining life (bands split at these
    /// edges), the 5% and 95% quantiles of the out-of-fold signed residuals (true - predicted), added to the prediction.
    /// </summary>
    public IReadOnlyList<double> IntervalBandEdges { get; init; } = [];

    public IReadOnlyList<double> IntervalLowerOffsets { get; init; } = [];

    public IReadOnlyList<double> IntervalUpperOffsets { get; init; } = [];

    public double IntervalLevel { get; init; } = 0.9;

    public required TreeHyperparameters ClassifierHyperparameters { get; init; }

    public TreeHyperparameters? RegressorHyperparameters { get; init; }

    public required string ClassifierSha256 { get; init; }

    /// <summary>Empty when the training history had no run-to-failure (no remaining-life head).</summary>
    public string RegressorSha256 { get; init; } = string.Empty;

    public required string DataSha256 { get; init; }

    public required DateTimeOffset TrainedAt { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public required IReadOnlyList<float> SmokeFeatures { get; init; }

    public required double SmokeProbability { get; init; }

    public double SmokeRemainingLife { get; init; }
}
