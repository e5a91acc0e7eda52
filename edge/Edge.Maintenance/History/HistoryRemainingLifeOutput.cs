namespace Edge.Maintenance.History;

/// <summary>Output row of the remaining-life head.</summary>
internal sealed class HistoryRemainingLifeOutput
{
    public float Score { get; set; }
}
