using Edge.Maintenance.Features;

namespace Edge.Maintenance.Models;

/// <summary>
/// Everything needed to serve a model besides its trees, stored inside the model file next to the ML.NET model:
/// the schema version the gateway checks before loading, the input channels and feature definition, the training
/// ranges and reference histograms (alerts and drift), and the SHA-256 of the ML.NET model bytes (integrity).
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Bump when the manifest or the feature code changes meaning; a gateway refuses other versions.</summary>
    public const int CurrentSchemaVersion = 1;

    public required int SchemaVersion { get; init; }

    /// <summary>One of <see cref="ModelKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Shown in the status API and in every alert, for example <c>cmapss-rul-20261129-1a2b3c4d</c>.</summary>
    public required string Version { get; init; }

    public required string Dataset { get; init; }

    /// <summary>Sensor (channel) names the model needs, in the order features are computed from them.</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    /// <summary>Rolling features of a <see cref="ModelKinds.RemainingLife"/> model; null for tabular models.</summary>
    public FeatureOptions? Features { get; init; }

    public required IReadOnlyList<string> FeatureNames { get; init; }

    public required IReadOnlyList<FeatureRange> Ranges { get; init; }

    public required IReadOnlyList<FeatureHistogram> Histograms { get; init; }

    /// <summary>Cap of the remaining-life label; predictions are clipped to [0, cap].</summary>
    public double RemainingLifeCap { get; init; }

    /// <summary>Unit of one step of the sequence (C-MAPSS: cycles).</summary>
    public string RemainingLifeUnit { get; init; } = "cycles";

    /// <summary>Probability at or above which a failure-probability model predicts a failure.</summary>
    public double DecisionThreshold { get; init; } = 0.5;

    public required TreeHyperparameters Hyperparameters { get; init; }

    public required string DataFile { get; init; }

    public required string DataSha256 { get; init; }

    public required string ModelSha256 { get; init; }

    public required DateTimeOffset TrainedAt { get; init; }

    /// <summary>Cross-validation figures on the training data, by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>A feature vector from the training data and the prediction it gave, replayed on load as a smoke test.</summary>
    public required IReadOnlyList<float> SmokeFeatures { get; init; }

    public required double SmokePrediction { get; init; }
}
