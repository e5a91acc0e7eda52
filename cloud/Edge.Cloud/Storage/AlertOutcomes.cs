namespace Edge.Cloud.Storage;

/// <summary>What a resolved alert turned out to be: the label that tells alert quality apart from noise.</summary>
public static class AlertOutcomes
{
    /// <summary>A real problem (exported as a failure event when none was recorded).</summary>
    public const string Real = "real";

    public const string FalseAlarm = "false-alarm";

    public static bool IsKnown(string? outcome) => outcome is Real or FalseAlarm;
}
