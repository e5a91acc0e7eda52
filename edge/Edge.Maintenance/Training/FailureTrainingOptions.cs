using Edge.Maintenance.Models;

namespace Edge.Maintenance.Training;

/// <summary>How the failure classifier is trained and cross-validated.</summary>
public sealed record FailureTrainingOptions
{
    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 42;

    public double Threshold { get; init; } = 0.5;

    /// <summary>
    /// Fixed, not tuned on the evaluation folds. Fine bins (1023) because the failures sit at sharp physical thresholds
    /// (TOOLCHAIN.md: coarse bins cannot place those splits).
    /// </summary>
    public TreeHyperparameters Hyperparameters { get; init; } =
        new(Trees: 500, Leaves: 8, LearningRate: 0.05, MinimumExamplesPerLeaf: 10, FeatureFraction: 1.0, MaximumBinsPerFeature: 1023);
}
