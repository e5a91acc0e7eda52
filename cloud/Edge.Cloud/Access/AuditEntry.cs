namespace Edge.Cloud.Access;

/// <summary>Who changed what, when.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string? Detail);
