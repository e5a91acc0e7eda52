using Edge.Maintenance.Models;

namespace Edge.Maintenance.Cards;

/// <summary>A published result the model card compares against.</summary>
public sealed record PublishedResult(string Method, string Source, IReadOnlyDictionary<string, double> Metrics);

/// <summary>One evaluation of the model on held-out data (a test file, or cross-validation).</summary>
public sealed record CardEvaluation(string Name, string DataFile, string DataSha256, DateTimeOffset EvaluatedAt, IReadOnlyDictionary<string, double> Metrics);

/// <summary>The machine-readable model card written next to a model file (<c>&lt;model&gt;.card.json</c>).</summary>
public sealed record ModelCardData
{
    public required string ModelVersion { get; init; }

    public required string Kind { get; init; }

    public required string Dataset { get; init; }

    public required string DataFile { get; init; }

    public required string DataSha256 { get; init; }

    public required DateTimeOffset TrainedAt { get; init; }

    public required double TrainingSeconds { get; init; }

    public required long ModelBytes { get; init; }

    public required IReadOnlyList<string> Channels { get; init; }

    public required IReadOnlyList<string> FeatureNames { get; init; }

    public string? FeatureDescription { get; init; }

    public required TreeHyperparameters Hyperparameters { get; init; }

    /// <summary>Every hyperparameter candidate with its cross-validated error, as text.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public IReadOnlyList<CardEvaluation> Evaluations { get; init; } = [];

    public required IReadOnlyList<PublishedResult> Published { get; init; }

    public IReadOnlyList<string> Plots { get; init; } = [];
}
