using System.Text.Json.Serialization;

namespace Edge.Contracts;

/// <summary>An alert for a plant engineer: what, how bad, how soon, and why.</summary>
public sealed record FailureAlert : UplinkMessage
{
    public required string AlertId { get; init; }

    public required string MachineId { get; init; }

    /// <summary>One of <see cref="AlertKinds"/>.</summary>
    public required string AlertKind { get; init; }

    /// <summary>info, warning, critical.</summary>
    public required string Severity { get; init; }

    /// <summary>open, updated, escalated, cleared.</summary>
    public required string State { get; init; }

    public double? PredictedRemainingLife { get; init; }

    /// <summary>Unit of <see cref="PredictedRemainingLife"/> (for example "cycles" or "hours").</summary>
    public string? RemainingLifeUnit { get; init; }

    /// <summary>Lower bound of the 90% interval of <see cref="PredictedRemainingLife"/> (same unit); null when the model gives none.</summary>
    public double? RemainingLifeLower { get; init; }

    /// <summary>Upper bound of the 90% interval of <see cref="PredictedRemainingLife"/> (same unit); null when the model gives none.</summary>
    public double? RemainingLifeUpper { get; init; }

    public double? FailureProbability { get; init; }

    public TimeSpan? Horizon { get; init; }

    public string? ModelVersion { get; init; }

    public required string Reason { get; init; }

    public IReadOnlyList<FeatureContribution> TopFeatures { get; init; } = [];

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastUpdated { get; init; }

    [JsonIgnore]
    public override PriorityClass Priority => PriorityClass.Alert;

    [JsonIgnore]
    public override string Kind => MessageKinds.FailureAlert;
}
