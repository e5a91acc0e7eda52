namespace Edge.Maintenance.History;

/// <summary>Output row of either head: the raw score (classifier margin, or remaining life) and the feature contributions.</summary>
internal sealed class HistoryScoreOutput
{
    public float Score { get; set; }

    public float[] FeatureContributions { get; set; } = [];
}
