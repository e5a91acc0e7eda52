namespace Edge.Maintenance.Serving;

/// <summary>Alert severities, in increasing order, and alert states as in <see cref="Edge.Contracts.FailureAlert"/>.</summary>
public static class AlertSeverities
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Critical = "critical";

    public const string Open = "open";
    public const string Updated = "updated";
    public const string Escalated = "escalated";
    public const string Cleared = "cleared";

    public static int Rank(string severity) => severity switch
    {
        Critical => 2,
        Warning => 1,
        _ => 0,
    };
}
