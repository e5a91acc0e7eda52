using Edge.Contracts;

namespace Edge.Cloud.Storage;

/// <summary>
/// A failure alert and where people are with it. <see cref="State"/> is the cloud's workflow (open, acknowledged,
/// resolved); <see cref="EdgeState"/> is what the gateway last said (open, updated, escalated, cleared).
/// </summary>
public sealed record AlertRow
{
    public required string GatewayId { get; init; }

    public required string AlertId { get; init; }

    public required string MachineId { get; init; }

    public required string AlertKind { get; init; }

    public required string Severity { get; init; }

    public required string State { get; init; }

    public required string EdgeState { get; init; }

    public double? PredictedRemainingLife { get; init; }

    public string? RemainingLifeUnit { get; init; }

    public double? FailureProbability { get; init; }

    public string? ModelVersion { get; init; }

    public required string Reason { get; init; }

    public IReadOnlyList<FeatureContribution> TopFeatures { get; init; } = [];

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastUpdated { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? ResolvedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>What the person who resolved it said it was: <see cref="AlertOutcomes.Real"/> or <see cref="AlertOutcomes.FalseAlarm"/> (null: not said).</summary>
    public string? Outcome { get; init; }
}
