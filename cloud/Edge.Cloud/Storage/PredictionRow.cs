namespace Edge.Cloud.Storage;

/// <summary>A machine's predicted remaining life or failure probability at one time, as its gateway's model saw it.</summary>
public sealed record PredictionRow(
    string GatewayId, string MachineId, DateTimeOffset At, double? PredictedRemainingLife, string? RemainingLifeUnit,
    double? FailureProbability, string? ModelVersion, string AlertId);
