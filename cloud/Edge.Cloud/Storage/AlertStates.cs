namespace Edge.Cloud.Storage;

/// <summary>The cloud's alert workflow states.</summary>
public static class AlertStates
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    /// <summary>Sort key: critical first.</summary>
    public static int SeverityRank(string severity) => severity switch
    {
        "critical" => 0,
        "warning" => 1,
        _ => 2,
    };
}
