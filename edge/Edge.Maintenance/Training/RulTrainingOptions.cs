using Edge.Maintenance.Features;
using Edge.Maintenance.Labels;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.Training;

/// <summary>How a remaining-life model is trained: features, label cap, and the hyperparameter candidates cross-validated on training engines.</summary>
public sealed record RulTrainingOptions
{
    public FeatureOptions Features { get; init; } = new();

    public double Cap { get; init; } = RemainingLifeLabel.DefaultCap;

    /// <summary>Folds of the cross-validation grouped by engine that picks the hyperparameters.</summary>
    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 42;

    /// <summary>Channels to use; null keeps every channel that varies in the training file.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    public IReadOnlyList<TreeHyperparameters> Candidates { get; init; } = DefaultCandidates;

    public static IReadOnlyList<TreeHyperparameters> DefaultCandidates { get; } =
    [
        new(Trees: 300, Leaves: 16, LearningRate: 0.05, MinimumExamplesPerLeaf: 50, FeatureFraction: 0.5),
        new(Trees: 600, Leaves: 16, LearningRate: 0.02, MinimumExamplesPerLeaf: 100, FeatureFraction: 0.5),
        new(Trees: 500, Leaves: 8, LearningRate: 0.05, MinimumExamplesPerLeaf: 100, FeatureFraction: 0.5),
    ];
}
