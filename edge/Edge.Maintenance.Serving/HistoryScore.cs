using System.Globalization;
using Edge.Contracts;

namespace Edge.Maintenance.Serving;

/// <summary>A history model's prediction for one machine at one window, rounded as reported.</summary>
internal sealed record HistoryScore(
    string Version,
    string Stage,
    double FailureProbability,
    double? RemainingLife,
    double? Lower,
    double? Upper,
    string RemainingLifeUnit,
    bool Alert,
    double Threshold,
    IReadOnlyList<FeatureContribution> TopFeatures)
{
    /// <summary>The serving model's alert observation: failure likely, with probability and remaining life with its interval.</summary>
    public AlertObservation ToObservation(string machineId, TimeSpan horizon) => new()
    {
        MachineId = machineId,
        Kind = AlertKinds.FailureLikely,
        Abnormal = Alert,
        Severity = FailureProbability >= (1 + Threshold) / 2 ? AlertSeverities.Critical : AlertSeverities.Warning,
        Reason = RemainingLife is { } life
            ? string.Create(CultureInfo.InvariantCulture, $"Failure probability {FailureProbability:P0} within {horizon.TotalHours:F0} h (alert at or above {Threshold:P0}); remaining life {life:F0} {RemainingLifeUnit} (90%: {Lower:F0}-{Upper:F0}).")
            : string.Create(CultureInfo.InvariantCulture, $"Failure probability {FailureProbability:P0} within {horizon.TotalHours:F0} h (alert at or above {Threshold:P0})."),
        FailureProbability = FailureProbability,
        PredictedRemainingLife = RemainingLife,
        RemainingLifeLower = Lower,
        RemainingLifeUpper = Upper,
        RemainingLifeUnit = RemainingLife is null ? null : RemainingLifeUnit,
        Horizon = horizon,
        ModelVersion = Version,
        TopFeatures = TopFeatures,
    };
}

