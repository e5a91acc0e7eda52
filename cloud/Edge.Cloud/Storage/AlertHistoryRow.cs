namespace Edge.Cloud.Storage;

/// <summary>One step in an alert's life: raised/updated by its gateway, or acknowledged/resolved by a person (resolved with an <see cref="AlertOutcomes"/> outcome).</summary>
public sealed record AlertHistoryRow(DateTimeOffset At, string Action, string Actor, string? Comment, string Severity, string State, string? Outcome = null);
