namespace Edge.Maintenance.Models;

internal sealed class BinaryOutput
{
    public float Probability { get; set; }

    public float[] FeatureContributions { get; set; } = [];
}
