using Edge.Contracts;

namespace Edge.Maintenance.Serving;

/// <summary>The latest score of one machine by one model (or by the anomaly fallback), for the status API.</summary>
public sealed record MachinePrediction
{
    public required string MachineId { get; init; }

    /// <summary>Model file name, or "anomaly-fallback" for machines without a model.</summary>
    public required string Source { get; init; }

    public string? ModelVersion { get; init; }

    public required string Kind { get; init; }

    public double? PredictedRemainingLife { get; init; }

    public string? RemainingLifeUnit { get; init; }

    /// <summary>90% interval of <see cref="PredictedRemainingLife"/>, when the model gives one.</summary>
    public double? RemainingLifeLower { get; init; }

    public double? RemainingLifeUpper { get; init; }

    /// <summary><c>serving</c> (alerts) or <c>shadow</c> (scored and compared, never alerts); null for models of the local folder that are not history models.</summary>
    public string? Stage { get; init; }

    public double? FailureProbability { get; init; }

    /// <summary>Largest population stability index over the model's features (null until the drift window is full).</summary>
    public double? MaxPopulationStability { get; init; }

    public string? MostDriftedFeature { get; init; }

    public required bool Abnormal { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    public IReadOnlyList<FeatureContribution> TopFeatures { get; init; } = [];
}
