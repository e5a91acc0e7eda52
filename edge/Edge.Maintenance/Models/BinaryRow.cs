namespace Edge.Maintenance.Models;

/// <summary>Training and scoring row of a binary classifier.</summary>
internal sealed class BinaryRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}
