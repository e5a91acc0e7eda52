namespace Edge.Maintenance.Models;

/// <summary>Training and scoring row of a regressor: the label and a feature vector whose length is fixed per model.</summary>
internal sealed class RegressionRow
{
    public float Label { get; set; }

    public float[] Features { get; set; } = [];
}
