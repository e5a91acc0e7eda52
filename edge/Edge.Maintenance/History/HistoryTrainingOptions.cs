using Edge.Maintenance.Features;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.History;

/// <summary>Options of <see cref="HistoryTrainer"/>. The defaults suit hourly plant telemetry and a 48 h horizon.</summary>
public sealed record HistoryTrainingOptions
{
    /// <summary>A failure within this time after a step makes the step positive; also the alert horizon.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Cross-validation folds (machines dealt into groups; each group held out once).</summary>
    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 42;

    /// <summary>Bucket length; null: the median interval between a machine's consecutive rows.</summary>
    public TimeSpan? Step { get; init; }

    /// <summary>Cap of the remaining-life label, in hours; null: 5 x the horizon.</summary>
    public double? RemainingLifeCap { get; init; }

    public FeatureOptions Rolling { get; init; } = new() { Windows = [6, 24, 48], EwmaAlphas = [0.05, 0.2], Elapsed = false };

    /// <summary>Per-machine baseline normalization (see <see cref="HistoryFeatureSpec.Normalize"/>).</summary>
    public bool Normalize { get; init; } = true;

    public int BaselineSteps { get; init; } = 24;

    /// <summary>Most frequent maintenance/failure details that get their own time-since feature.</summary>
    public int MaximumComponents { get; init; } = 8;

    /// <summary>
    /// Split by time as well as by machine: a fold trains on the other machines before a cut (labels as known at the
    /// cut) and validates on its machines after it. Off only for data whose machines share no calendar (C-MAPSS engines).
    /// </summary>
    public bool TimeSplit { get; init; } = true;

    /// <summary>Where the cut lies in the history's time span.</summary>
    public double TimeSplitFraction { get; init; } = 0.4;

    /// <summary>Training rows at most: steps are taken at a regular stride (neighbouring steps are nearly the same row).</summary>
    public int MaximumTrainingRows { get; init; } = 60_000;

    /// <summary>The alert threshold keeps out-of-fold false alerts at or below this per machine-month.</summary>
    public double TargetFalseAlertsPerMachineMonth { get; init; } = 1.0;

    public IReadOnlyList<TreeHyperparameters> Candidates { get; init; } = DefaultCandidates;

    public static IReadOnlyList<TreeHyperparameters> DefaultCandidates { get; } =
    [
        new(Trees: 100, Leaves: 16, LearningRate: 0.1, MinimumExamplesPerLeaf: 20, FeatureFraction: 0.7),
        new(Trees: 250, Leaves: 32, LearningRate: 0.05, MinimumExamplesPerLeaf: 50, FeatureFraction: 0.7),
    ];

    /// <summary>
    /// For a demo that trains at start: 3 folds, one candidate of 60 trees, at most 20,000 training rows (about a
    /// tenth of the default's fits). Same features, calibration, intervals and threshold selection.
    /// </summary>
    public static HistoryTrainingOptions Fast { get; } = new()
    {
        Folds = 3,
        Candidates = [new(Trees: 60, Leaves: 16, LearningRate: 0.1, MinimumExamplesPerLeaf: 20, FeatureFraction: 0.7)],
        MaximumTrainingRows = 20_000,
    };

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Horizon, TimeSpan.Zero, nameof(Horizon));
        ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 2, nameof(Folds));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumTrainingRows, 100, nameof(MaximumTrainingRows));
        if (Candidates.Count == 0)
        {
            throw new ArgumentException("At least one hyperparameter candidate is needed.", nameof(Candidates));
        }

        if (!(TimeSplitFraction > 0.05 && TimeSplitFraction < 0.95))
        {
            throw new ArgumentOutOfRangeException(nameof(TimeSplitFraction), TimeSplitFraction, "The time cut must lie inside the span (0.05 to 0.95).");
        }

        Rolling.Validate();
    }
}
