namespace Edge.Maintenance.Models;

internal sealed class RegressionOutput
{
    public float Score { get; set; }

    public float[] FeatureContributions { get; set; } = [];
}
