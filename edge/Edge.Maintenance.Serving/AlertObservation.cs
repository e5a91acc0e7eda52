using Edge.Contracts;

namespace Edge.Maintenance.Serving;

/// <summary>What one closed window says about one (machine, alert kind): normal or not, and the details an alert would carry.</summary>
public sealed record AlertObservation
{
    public required string MachineId { get; init; }

    /// <summary>One of <see cref="AlertKinds"/>.</summary>
    public required string Kind { get; init; }

    public required bool Abnormal { get; init; }

    /// <summary>Severity if an alert is open: info, warning or critical.</summary>
    public string Severity { get; init; } = AlertSeverities.Warning;

    public required string Reason { get; init; }

    public double? PredictedRemainingLife { get; init; }

    public string? RemainingLifeUnit { get; init; }

    /// <summary>90% interval of <see cref="PredictedRemainingLife"/>, when the model gives one.</summary>
    public double? RemainingLifeLower { get; init; }

    public double? RemainingLifeUpper { get; init; }

    public double? FailureProbability { get; init; }

    public TimeSpan? Horizon { get; init; }

    public string? ModelVersion { get; init; }

    public IReadOnlyList<FeatureContribution> TopFeatures { get; init; } = [];
}
