namespace Edge.Cloud.Storage;

/// <summary>One health report of a gateway (history of backlog and autonomy).</summary>
public sealed record HealthRow(string GatewayId, DateTimeOffset At, string Version, long OutboxBacklog, double? HoursOfAutonomyLeft, IReadOnlyList<string> Warnings);
